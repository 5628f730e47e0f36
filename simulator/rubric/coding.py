"""What the coder produces and reads: a reply's codes with their evidence, the context of the
conversation so far, and a sentence as the coder reads it. Plain records, so the conversation,
the rewrites, the scorer and every front end can use them without the coder itself."""
from __future__ import annotations

from dataclasses import dataclass, field

from simulator.rubric.models import Rule
from simulator.rubric.text import MAX_CHARS, normalise


#: The rule id of a scaling question's evidence: closed by design (it asks for a number), so
#: scoring does not count it against the share of open questions.
SCALE_RULE = "question.closed:scale"


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a reply got a code: the span in the original text, the rule, and feedback."""

    code: str
    start: int
    end: int
    rule: str
    matched: str
    feedback: str
    rewrite: str | None = None

    def to_dict(self) -> dict:
        """JSON-ready form."""
        return {"code": self.code, "start": self.start, "end": self.end, "rule": self.rule,
                "matched": self.matched, "feedback": self.feedback, "rewrite": self.rewrite}

    def __reduce__(self):
        # Pickled as a call with the fields in order: assess's worker processes send every
        # evidence back, and the default for a frozen slots class (a Python loop setting each
        # field by name, both ways) took half of the reading process's time.
        return Evidence, (self.code, self.start, self.end, self.rule, self.matched, self.feedback,
                          self.rewrite)


@dataclass(frozen=True, slots=True)
class Coding:
    """The codes of one reply, in the fixed order of :data:`simulator.codes.CODES`."""

    text: str
    codes: tuple[str, ...]
    evidence: tuple[Evidence, ...] = ()

    def has(self, code: str) -> bool:
        """Whether the reply carries ``code``."""
        return code in self.codes

    def to_dict(self) -> dict:
        """JSON-ready: ``{"codes": [...], "evidence": [{...}]}``."""
        return {"codes": list(self.codes), "evidence": [e.to_dict() for e in self.evidence]}

    def __reduce__(self):
        # As Evidence's: a call, not the slow default of a frozen slots class.
        return Coding, (self.text, self.codes, self.evidence)


@dataclass
class Context:
    """What the coder needs to know about the conversation so far."""

    previous_patient: str = ""
    permission_granted: bool = False
    advice_requested: bool = False
    patient_words: frozenset[str] | None = None
    closed_ok: bool = False
    #: ``previous_patient`` normalised, computed once per turn (see :meth:`heard`).
    said: str | None = None
    #: The coach's last reply was a reflection cut off mid-sentence ("...and you're-").
    reflection_cut: bool = False
    #: The coach's last reply was cut off mid-sentence while doing something else (informing,
    #: asking): a row that carries it on ("-to stop drinking.") is the rest of that.
    other_cut: bool = False
    #: The person's last turn ended by asking the coach a question.
    person_asked: bool = False
    #: Set whenever what the person said is read (``previous_patient``, ``patient_words``,
    #: ``said``): a coding that never read it is decided by the reply and :meth:`flags` alone.
    heard_person: bool = field(default=False, init=False, repr=False, compare=False)

    def heard(self) -> str:
        """What the person last said, normalised (once: several checks read it)."""
        if self.said is None:
            self.said = normalise(self.previous_patient[:MAX_CHARS]) if self.previous_patient else ""
        return self.said

    def flags(self) -> tuple:
        """Everything in the context but what the person said (and what coding sets): with the
        reply, it decides a coding that did not read the person's words. Every other field
        counts, so a field added later is never left out."""
        return tuple(value for name, value in vars(self).items() if name not in _NOT_FLAGS)


#: Context fields that are not :meth:`Context.flags`: the person's words (read through the
#: properties below) and what coding itself sets.
_HEARD = ("previous_patient", "patient_words", "said")
_NOT_FLAGS = frozenset({*(f"_{name}" for name in _HEARD), "closed_ok", "heard_person"})


def _heard_field(name: str) -> property:
    """A context field whose every read is noted in ``heard_person``."""
    private = f"_{name}"

    def get(self: Context):
        self.heard_person = True
        return self.__dict__[private]

    def put(self: Context, value) -> None:
        self.__dict__[private] = value

    return property(get, put, doc=f"{name} (reading it sets heard_person)")


for _name in _HEARD:
    setattr(Context, _name, _heard_field(_name))


@dataclass
class Sentence:
    """One sentence of a reply as the coder reads it: where its words are, and what it does."""

    start: int          # first character after fillers, in the normalised text
    end: int
    opens: int = -1     # first character with its fillers ("yeah but..." argues from "yeah")
    question: str | None = None
    reason: str = ""
    rule: Rule | None = None
    reflective: bool = False
    basis: str = "stem"     # what made it a reflection: a stem, the person's words, or a statement
    informs: bool = False   # a statement about the world rather than the person
    so_led: bool = False    # opened with "so": says back or sums up what was heard
    affirms: bool = False   # names the person's strength: not a neutral fact
    tells: bool = False     # carries an information phrase ("some people find...")
    hands_back: bool = False  # carries an autonomy phrase ("it's up to you")
    opens_handing_back: bool = False  # opens with one ("you know your body best")
    complex_reason: str = ""
    stemmed: bool = False   # opened by a reflection stem of more than one word ("it sounds like")

    def copy(self) -> "Sentence":
        """A fresh copy, to decide in context what it does (the coder keeps the one it read)."""
        copied = object.__new__(Sentence)  # every field as it is: no need to run __init__
        copied.__dict__.update(self.__dict__)
        return copied
