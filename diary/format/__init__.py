"""The diary interchange format: check a document, merge it into an account, export an account.

See ../shared/domain/diary-format.md. Used alike by the import page, the CLI and the tests.
"""
import json

from .schema import CheckedDiary, check_diary
from .store import ImportSummary, export_diary, import_diary

__all__ = ["CheckedDiary", "ImportSummary", "check_diary", "export_diary", "import_diary", "parse_json",
           "dump_json"]


def parse_json(text: str | bytes):
    """Parse a JSON document; return (document, []) or (None, [a fault naming the line and column])."""
    try:
        return json.loads(text), []
    except UnicodeDecodeError:
        return None, ["(file): is not UTF-8 text"]
    except json.JSONDecodeError as error:
        return None, [f"(file): not valid JSON at line {error.lineno}, column {error.colno}: {error.msg}"]
    except (RecursionError, ValueError) as error:  # nested thousands deep, or a number of thousands of digits
        return None, [f"(file): not a diary this app can read ({str(error)[:80]})"]


def dump_json(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
