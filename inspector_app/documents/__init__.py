"""Printed documents and signed certificate codes (no GUI, no database).

- :mod:`~inspector_app.documents.document_data` — :class:`SamplingFormDocument`, :class:`CertificateDocument`:
  what services fill in to print.
- :mod:`~inspector_app.documents.sampling_form_pdf` — :func:`render_sampling_form`, the form in its five copies.
- :mod:`~inspector_app.documents.certificate_pdf` — :func:`render_certificate` and :func:`render_many`.
- :mod:`~inspector_app.documents.certificate_payload` — :func:`encode_certificate`, :func:`verify_certificate`:
  the signed ``IW1:`` payload of a certificate's QR code (CBOR, COSE_Sign1 / Ed25519, zlib, base45).
- :mod:`~inspector_app.documents.pdf_certificate_reader` — :class:`PdfCertificateReader`, payloads from a PDF
  (its printed QR code and its metadata) or from an image.
- :mod:`~inspector_app.documents.fonts` — the embedded CJK font, registered once per process.

Modules are imported individually: verifying a payload does not load reportlab, and printing does not load PDFium.
"""
