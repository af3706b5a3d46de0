"""帮助 → 使用说明: the keys, the colours of the tables and the severities, the review's steps."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from gkaudit.model import Severity
from gkaudit.workspace import Status
from ui import theme

KEYS = (
    ("Ctrl+O", "打开报告"), ("Ctrl+Shift+O", "打开文件夹（批量审计）"), ("Ctrl+E", "导出审计底稿"),
    ("F8 / Shift+F8", "下一个 / 上一个待定问题"),
    *((f"Ctrl+{i}", f"把选中的问题标为“{s.label}”") for i, s in enumerate(Status.choices())),
    ("F2 或双击", "更正选中的单元格（留空恢复印刷值）"), ("Ctrl+Backspace", "恢复印刷值（撤销更正）"),
    ("Ctrl+F", "搜索问题"), ("Ctrl+L / Ctrl+B / Ctrl+T", "问题清单 / 批量审计 / 审计轨迹"),
)


def help_html() -> str:
    keys = "".join(f"<tr><td><b>{k}</b></td><td>{what}</td></tr>" for k, what in KEYS)
    colours = "".join(
        f"<tr><td style='background:{theme.CELL_FILL[s].name()}'>　{s.label}　</td>"
        f"<td style='background:{theme.SUSPECT_FILL[s].name()}'>　最可能有误　</td>"
        f"<td>{s.label}：{'勾稽关系不平衡或数值无效' if s is Severity.ERROR else '空白、缺格、正文与表格不符等需核实的情况' if s is Severity.WARNING else '口径说明等提示'}</td></tr>"
        for s in Severity)
    return f"""
<h3>审核步骤</h3>
<ol>
<li>打开报告，逐个查看<b>问题</b>（一个问题 = 一处疑似错误，下面列出它造成的各项勾稽关系不平衡）。</li>
<li>对每个问题选择状态（确认 / 驳回 / 已整改），写审核意见；在右侧表格中双击更正数字，问题即标为<b>已更正</b>。</li>
<li>审核 → 编制签字、复核签字（复核人不能是编制人）、定稿；定稿后审核记录只读，撤销定稿需填写原因。</li>
<li>文件 → 导出审计底稿：状态、意见、更正、签字、结论和审计轨迹都写入工作簿。</li>
</ol>
<h3>快捷键</h3><table cellpadding=3>{keys}</table>
<h3>颜色</h3><table cellpadding=3>{colours}
<tr><td style='color:{theme.CORRECTED_INK.name()}'><i>1 → 0</i></td><td></td><td>蓝色斜体：审核人更正的值（印刷值 → 更正值）</td></tr>
<tr><td style='background:{theme.MISSING_FILL.name()}'>　　</td><td></td><td>灰色：报告中未取到此格</td></tr>
</table>
<p>差额一律为<b>计算值 − 报告值</b>（分项之和 − 合计；问题清单中为 应为值 − 报告值），与底稿中的核对公式一致。</p>
<p>点击 PDF 页面或报告文本中的数字，右侧表格即选中对应的单元格。</p>
"""


def show_help(parent: QWidget | None) -> QDialog:
    dialog = QDialog(parent)
    dialog.setWindowTitle("使用说明")
    dialog.resize(640, 620)
    browser = QTextBrowser()
    browser.setObjectName("helpText")
    browser.setHtml(help_html())
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(browser)
    layout.addWidget(buttons)
    dialog.show()
    return dialog
