"""Export a learner's history to JSON/CSV and merge such a file into a database."""

from studyapp.transfer.codec import decode, to_csv, to_json
from studyapp.transfer.files import export_text, import_file, write_atomically
from studyapp.transfer.validate import ImportFileError

__all__ = [
    "ImportFileError",
    "decode",
    "export_text",
    "import_file",
    "to_csv",
    "to_json",
    "write_atomically",
]
