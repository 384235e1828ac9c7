"""Inspector Workstation (质量安全监管检查工作站)."""

__version__ = "0.1.0"
