"""Barcode decoding and keyboard-wedge input (no GUI).

- :mod:`~inspector_app.scanning.decoded_code` — :class:`DecodedCode`, the result of any decoder.
- :mod:`~inspector_app.scanning.image_decoder` — :class:`ImageDecoder` for photos and image files.
- :mod:`~inspector_app.scanning.image_loading` — :class:`ImageLoader`, safe file/bytes → image with limits.
- :mod:`~inspector_app.scanning.frame_decoder` — :func:`decode_frame` and :class:`FrameDecoder` for camera
  frames; :mod:`~inspector_app.scanning.frame_source` — :class:`FrameSource`, :class:`RecordedFrameSource`.
- :mod:`~inspector_app.scanning.wedge` — :class:`ScannerBurstDetector`, scans vs typing from a USB scanner.
- :mod:`~inspector_app.scanning.symbology` — our symbology names ↔ zxing-cpp/zbar names ↔ AIM identifiers.

Modules are imported individually so that the keyboard-wedge logic does not load the decoder libraries.
"""
