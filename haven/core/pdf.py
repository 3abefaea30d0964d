"""PDFs of Haven's printable pages (strategy meeting minutes, case summaries), made with
WeasyPrint from the HTML a template rendered."""


def pdf_from_html(html: str) -> bytes:
    # WeasyPrint loads Pango and its fonts on import: only when a PDF is made.
    from weasyprint import HTML  # noqa: PLC0415

    return HTML(string=html).write_pdf()
