"""Reading the CSV and XLSX downloads (warp/core/exports.py) back, as a spreadsheet would."""

import csv
import io


def xlsx_sheet(response):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(response.content)).active


def download_rows(response, fmt: str) -> list[list]:
    """The download's rows, header first: CSV cells as text, XLSX cells as the values stored."""
    if fmt == "csv":
        return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return [[cell.value for cell in row] for row in xlsx_sheet(response).iter_rows()]


def queries_for(client, url: str, params: dict | None = None) -> int:
    """How many queries one GET of `url` makes (it must answer 200)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)
