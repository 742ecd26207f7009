"""Minimal .docx files written by hand, as other offices send them: direct formatting, no Jianbao styles."""

from __future__ import annotations

import io
import zipfile

NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CONTENT_TYPES = "application/vnd.openxmlformats-officedocument.wordprocessingml."


def minimal_docx(body: str, footnotes: str = "", numbering: str = "") -> bytes:
    """A .docx of `body` (the XML inside w:body), with Word's own footnotes and list numbering parts
    when given (the XML inside w:footnotes and w:numbering)."""
    overrides = f'<Override PartName="/word/document.xml" ContentType="{CONTENT_TYPES}document.main+xml"/>'
    rels = ""
    parts = {}
    for name, root, xml in (("footnotes", "w:footnotes", footnotes), ("numbering", "w:numbering", numbering)):
        if xml:
            overrides += f'<Override PartName="/word/{name}.xml" ContentType="{CONTENT_TYPES}{name}+xml"/>'
            rels += f'<Relationship Id="r{name}" Type="{RELATIONSHIPS}{name}" Target="{name}.xml"/>'
            parts[f"word/{name}.xml"] = f'<?xml version="1.0" encoding="UTF-8"?><{root} {NS}>{xml}</{root}>'
    parts.update({
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        f'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/_rels/document.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        f'openxmlformats.org/package/2006/relationships">{rels}</Relationships>',
        "word/document.xml": f'<?xml version="1.0" encoding="UTF-8"?><w:document {NS}><w:body>{body}</w:body>'
                             "</w:document>",
    })
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, text in parts.items():
            z.writestr(name, text)
    return buf.getvalue()
