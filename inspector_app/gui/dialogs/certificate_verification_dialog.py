"""Is this certificate genuine? The answer to a scanned certificate QR code or an opened certificate PDF.

A genuine certificate shows "真实有效" on green with what it certifies. Anything else is red and says what is wrong:
forged (signed by another key than the one it names), altered (the content no longer matches its signature),
unknown signer (a key this workstation does not trust), unreadable, or no code found at all. The content of a code
that is not genuine is still shown, under a heading that says it is only what the code *claims*.

The check runs off the GUI thread (``verify_text`` / ``verify_file`` hand it to the task runner); the dialog opens at
once saying it is checking, and is not modal, so an inspector can keep scanning.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from inspector_app.domain.errors import InspectorError
from inspector_app.gui import outcome_style
from inspector_app.gui.task_runner import TaskRunner
from inspector_app.services.certificate_service import (
    CertificateCheck,
    CertificateClaims,
    CertificateService,
    VerificationStatus,
)

logger = logging.getLogger(__name__)

# The outcome colours of the verdict card: green only for a genuine certificate.
_GENUINE_OUTCOME = "green"
_FAILED_OUTCOME = "red"
_CHECKING_OUTCOME = "unknown"


def _attempt(check: Callable[[], CertificateCheck]) -> CertificateCheck | InspectorError:
    """Runs on the worker thread: the check, or the readable error (shown in the dialog, not in a message box)."""
    try:
        return check()
    except InspectorError as error:
        return error


class CertificateVerificationDialog(QDialog):
    """Shows the verdict on one certificate: :meth:`show_check` with the result, or :meth:`show_error`.

    ``language`` ("zh" or "en") picks the wording of the verification's own message and notes.

    Signals:
        checked(object): the ``CertificateCheck`` arrived and is shown.
    """

    checked = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, language: str = "zh") -> None:
        super().__init__(parent)
        self.setObjectName("CertificateVerificationDialog")
        self._language = language
        self._check: CertificateCheck | None = None
        self._error: InspectorError | None = None
        self._source = ""

        self._band = QFrame(self)
        self._band.setObjectName("band")
        self._band.setAutoFillBackground(True)
        self._headline = QLabel(self._band)
        self._headline.setObjectName("headline")
        self._headline.setWordWrap(True)
        font = QFont(self._headline.font())
        font.setPointSizeF(max(font.pointSizeF(), 9.0) * 2.0)
        font.setBold(True)
        self._headline.setFont(font)
        self._message = QLabel(self._band)
        self._message.setObjectName("message")
        self._message.setWordWrap(True)
        self._message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        band_layout = QVBoxLayout(self._band)
        band_layout.setContentsMargins(16, 12, 16, 12)
        band_layout.addWidget(self._headline)
        band_layout.addWidget(self._message)

        self._notes = QLabel(self)
        self._notes.setObjectName("notes")
        self._notes.setWordWrap(True)
        self._notes.setStyleSheet("color: #c62828;")
        self._source_label = QLabel(self)
        self._source_label.setObjectName("sourceLabel")
        self._source_label.setWordWrap(True)
        self._claims_box = QGroupBox(self)
        self._claims_box.setObjectName("claimsBox")
        self._claims_form = QFormLayout(self._claims_box)
        self._claim_labels: dict[str, tuple[QLabel, QLabel]] = {}
        for key in ("number", "verdict", "product", "batch", "maker", "date", "badges", "issued", "key"):
            name = QLabel(self._claims_box)
            value = QLabel(self._claims_box)
            value.setObjectName(f"{key}Value")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._claims_form.addRow(name, value)
            self._claim_labels[key] = (name, value)
        self._buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, parent=self)
        self._buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self._band)
        layout.addWidget(self._notes)
        layout.addWidget(self._claims_box)
        layout.addWidget(self._source_label)
        layout.addStretch(1)
        layout.addWidget(self._buttons)
        self.resize(560, 460)
        self._show()

    # --- starting a check --------------------------------------------------------------------------------

    @classmethod
    def verify_text(
        cls,
        service: CertificateService,
        runner: TaskRunner,
        text: str,
        parent: QWidget | None = None,
        *,
        language: str = "zh",
    ) -> CertificateVerificationDialog:
        """Open the dialog for a scanned ``IW1:`` text and check it in the background."""
        dialog = cls(parent, language=language)
        dialog.set_source(QCoreApplication.translate("CertificateVerificationDialog", "扫描的证书二维码"))
        dialog.show()
        runner.run_query(functools.partial(_attempt, functools.partial(service.verify_text, text)), dialog.show_result)
        return dialog

    @classmethod
    def verify_file(
        cls,
        service: CertificateService,
        runner: TaskRunner,
        path: Path,
        parent: QWidget | None = None,
        *,
        language: str = "zh",
    ) -> CertificateVerificationDialog:
        """Open the dialog for a certificate PDF (or a photo of its code) and check it in the background."""
        dialog = cls(parent, language=language)
        source = QCoreApplication.translate("CertificateVerificationDialog", "文件：%1")
        dialog.set_source(source.replace("%1", str(path)))
        dialog.show()
        runner.run_query(functools.partial(_attempt, functools.partial(service.verify_file, path)), dialog.show_result)
        return dialog

    # --- public ------------------------------------------------------------------------------------------

    def check(self) -> CertificateCheck | None:
        """The check shown, once it arrived."""
        return self._check

    def is_genuine(self) -> bool:
        """Whether a genuine certificate is shown."""
        return self._check is not None and self._check.genuine

    def headline_text(self) -> str:
        """The big line: 真实有效, 伪造, 被篡改..."""
        return self._headline.text()

    def message_text(self) -> str:
        """The explanation under the headline."""
        return self._message.text()

    def notes_text(self) -> str:
        """Warnings beside the verdict (e.g. the PDF's metadata disagreeing with its printed code)."""
        return self._notes.text()

    def claim_text(self, key: str) -> str:
        """What the dialog shows for one claim: number, verdict, product, batch, maker, date, badges, issued, key."""
        return self._claim_labels[key][1].text()

    def band_outcome(self) -> str:
        """The colour of the band, as an outcome name: green (genuine), red, or unknown while checking."""
        if self._check is None and self._error is None:
            return _CHECKING_OUTCOME
        return _GENUINE_OUTCOME if self.is_genuine() else _FAILED_OUTCOME

    def set_source(self, text: str) -> None:
        """Say where the certificate came from (the scan bar, a file...)."""
        self._source = text
        self._source_label.setText(text)

    def show_result(self, result: CertificateCheck | InspectorError) -> None:
        """Show a check, or the error that kept the document from being read."""
        if isinstance(result, InspectorError):
            self.show_error(result)
        else:
            self.show_check(result)

    def show_check(self, check: CertificateCheck) -> None:
        """Show the verdict and the content of ``check``."""
        self._check = check
        self._error = None
        logger.info("certificate check shown: %s", check.status.value if check.status else "no code")
        self._show()
        self.checked.emit(check)

    def show_error(self, error: InspectorError) -> None:
        """Show that the document could not be read (in red, with the reason)."""
        self._check = None
        self._error = error
        self._show()

    # --- display -----------------------------------------------------------------------------------------

    def _headline_for(self, check: CertificateCheck) -> str:
        headlines = {
            VerificationStatus.GENUINE: self.tr("真实有效"),
            VerificationStatus.FORGED: self.tr("伪造"),
            VerificationStatus.ALTERED: self.tr("被篡改"),
            VerificationStatus.UNKNOWN_SIGNER: self.tr("未知签发者"),
            VerificationStatus.MALFORMED: self.tr("无法识别"),
        }
        if check.status is None:
            return self.tr("未找到证书二维码")
        return headlines[check.status]

    def _show(self) -> None:
        self.setWindowTitle(self.tr("证书核验"))
        self._source_label.setText(self._source)
        check, error = self._check, self._error
        if check is not None:
            self._headline.setText(self._headline_for(check))
            # Without a code the notes are the whole message; beside a verdict they are warnings of their own.
            self._message.setText(check.message(self._language))
            notes = [note.message(self._language) for note in check.notes] if check.verification is not None else []
            self._notes.setText("\n".join(notes))
        elif error is not None:
            self._headline.setText(self.tr("无法读取"))
            self._message.setText(error.user_message(self._language))
            self._notes.setText("")
        else:
            self._headline.setText(self.tr("正在核验…"))
            self._message.setText("")
            self._notes.setText("")
        self._notes.setVisible(bool(self._notes.text()))
        self._band.setStyleSheet(f"QFrame#band {{ {outcome_style.style_sheet(self.band_outcome())} }}")
        for label in (self._headline, self._message):
            label.setStyleSheet(f"color: {outcome_style.text_colour(self.band_outcome()).name()};")
        self._show_claims(check.claims if check is not None else None, genuine=self.is_genuine())

    def _show_claims(self, claims: CertificateClaims | None, *, genuine: bool) -> None:
        self._claims_box.setVisible(claims is not None)
        self._claims_box.setTitle(self.tr("证书内容") if genuine else self.tr("二维码声称的内容（未经证实）"))
        names = {
            "number": self.tr("证书编号"),
            "verdict": self.tr("检验结论"),
            "product": self.tr("产品"),
            "batch": self.tr("批号"),
            "maker": self.tr("生产者统一社会信用代码"),
            "date": self.tr("结论日期"),
            "badges": self.tr("执法证号"),
            "issued": self.tr("签发时间"),
            "key": self.tr("签发密钥"),
        }
        for key, (name, value) in self._claim_labels.items():
            name.setText(names[key])
            value.setText(self._claim_value(claims, key) if claims is not None else "")

    def _claim_value(self, claims: CertificateClaims, key: str) -> str:
        if key == "verdict":
            return self.tr("合格") if claims.verdict.value == "conforming" else self.tr("不合格")
        values = {
            "number": claims.certificate_number,
            "product": claims.product,
            "batch": claims.batch,
            "maker": claims.maker_uscc,
            "date": claims.date.isoformat(),
            "badges": "、".join(claims.inspector_badges),
            "issued": claims.issued_at.astimezone().strftime("%Y-%m-%d %H:%M"),
            "key": claims.issuer_key_id,
        }
        return values[key]

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._show()
        super().changeEvent(event)
