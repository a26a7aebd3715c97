"""What a supporting file (佐证材料) may be: an image, a PDF, a Word or Excel file, at most 20 MB.

Checked by its name's extension and by its first bytes (a renamed executable is refused), before it is
stored through Django's storage API. Pure Python: the service passes the name, size and head bytes.
"""

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024

# extension -> (content type, the signatures its first bytes may start with)
ZIP, OLE = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
KINDS = {
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".gif": ("image/gif", (b"GIF87a", b"GIF89a")),
    ".webp": ("image/webp", (b"RIFF",)),
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".doc": ("application/msword", (OLE,)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (ZIP,)),
    ".xls": ("application/vnd.ms-excel", (OLE,)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (ZIP,)),
}
ALLOWED_LABEL = "图片（JPG、PNG、GIF、WEBP）、PDF、Word（DOC、DOCX）或Excel（XLS、XLSX）"


def evidence_kind(name: str, size: int, head: bytes) -> str:
    """The content type of a supporting file, or ValueError with a Chinese message naming the file."""
    dot = name.rfind(".")
    extension = name[dot:].lower() if dot >= 0 else ""
    if extension not in KINDS:
        raise ValueError(f"佐证材料“{name}”的类型不支持：只能上传{ALLOWED_LABEL}")
    if size > MAX_EVIDENCE_BYTES:
        raise ValueError(f"佐证材料“{name}”大小为{size / 1024 / 1024:.1f} MB，超过20 MB的上限")
    if size == 0:
        raise ValueError(f"佐证材料“{name}”是空文件")
    content_type, signatures = KINDS[extension]
    if not any(head.startswith(s) for s in signatures):
        raise ValueError(f"佐证材料“{name}”的内容与扩展名不符，不是有效的{extension[1:].upper()}文件")
    return content_type
