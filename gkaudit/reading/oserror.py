"""The operating system's reason for a failed file operation, in Chinese."""

from __future__ import annotations

import errno

_OS_REASONS = {
    errno.ENOENT: "文件不存在", errno.EACCES: "没有权限", errno.EPERM: "没有权限", errno.EIO: "磁盘读写错误",
    errno.ENAMETOOLONG: "文件名过长", errno.ELOOP: "符号链接循环", errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EISDIR: "这是一个文件夹", errno.EMFILE: "打开的文件过多", errno.ENOMEM: "内存不足",
    errno.ENXIO: "设备不存在", errno.ENODEV: "设备不存在", errno.ETIMEDOUT: "网络盘响应超时",
}


def os_reason(exc: OSError) -> str:
    """The operating system's reason in Chinese (its own words are English on most systems)."""
    return _OS_REASONS.get(exc.errno or 0, f"系统错误（错误号 {exc.errno}）" if exc.errno else "系统错误")
