"""What an import reports back: every problem found (row, column, Chinese message), capped,
and notes on what was read in a way the user should check (a formula's saved result)."""

from dataclasses import dataclass, field

MAX_PROBLEMS = 5000  # beyond this the report says how many more there were
MAX_NOTES = 200


@dataclass(frozen=True)
class Problem:
    row: int  # spreadsheet row number (the header is row 1)
    column: str  # the column's Chinese header, or "" for the whole row
    message: str


@dataclass
class ImportReport:
    kind: str
    rows: int = 0
    created: int = 0
    problems: list[Problem] = field(default_factory=list)
    more_problems: int = 0
    dry_run: bool = False
    notes: list[Problem] = field(default_factory=list)
    more_notes: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_json(self) -> dict:
        """What a background job keeps of its report (`from_json` reads it back)."""
        return {
            "kind": self.kind,
            "rows": self.rows,
            "created": self.created,
            "problems": [[p.row, p.column, p.message] for p in self.problems],
            "more_problems": self.more_problems,
            "dry_run": self.dry_run,
            "notes": [[n.row, n.column, n.message] for n in self.notes],
            "more_notes": self.more_notes,
        }

    @classmethod
    def from_json(cls, data: dict) -> "ImportReport":
        problems = [Problem(row, column, message) for row, column, message in data["problems"]]
        return cls(
            kind=data["kind"],
            rows=data["rows"],
            created=data["created"],
            problems=problems,
            more_problems=data["more_problems"],
            dry_run=data["dry_run"],
            # Reports kept before notes existed have none.
            notes=[Problem(row, column, message) for row, column, message in data.get("notes", [])],
            more_notes=data.get("more_notes", 0),
        )

    def add(self, row: int, column: str, message) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(row, column, str(message)))
        else:
            self.more_problems += 1

    def note(self, row: int, column: str, message) -> None:
        if len(self.notes) < MAX_NOTES:
            self.notes.append(Problem(row, column, str(message)))
        else:
            self.more_notes += 1
