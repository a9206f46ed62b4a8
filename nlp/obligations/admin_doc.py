"""What the reader of administrative documents (`cancu.nlp.obligations.admin`) works on: the
document's working copy with its lower-case form and the names in its header, an actor as read, and
the vocabulary's patterns by kind."""
from __future__ import annotations

import re
from dataclasses import dataclass

from cancu.nlp.obligations import actors as act
from cancu.nlp.obligations import members
from cancu.nlp.obligations.vocab import _cue_regex, cues, phrase_pattern
from cancu.nlp.text.fold import collapse
from cancu.nlp.text.normalize import NormalizedText


@dataclass
class Actor:
    text: str                     # as written, collapsed
    leads: list[str]              # normalised members: first the lead, then co-leads


@dataclass
class Doc:
    wt: NormalizedText
    level: str | None             # the issuer's level ("tỉnh"), for bodies named without one
    aliases: dict[str, str]
    low: str = ""                 # lower case, accents kept (what the vocabulary matches on)

    header: frozenset[str] = frozenset()   # folded names in the header block (the issuer)
    # a letter's addressees as its «Kính gửi:» lines write them, words apart ("Thuế thành phố Huế"),
    # and the common nouns a letter to one firm calls it by ("doanh nghiệp", "Công ty")
    addressee: re.Pattern[str] | None = None
    addressees: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        self.low = act.lower(self.wt.nfc)
        self.addressees = tuple(act.addressees(self.wt.nfc))
        if self.addressees:
            forms = sorted((act.lower(n).split() for n in self.addressees), key=len, reverse=True)
            if self.firm_nouns():
                forms += _FIRM_NOUN_FORMS
            self.addressee = re.compile("(?:" + "|".join(r"\s+".join(map(re.escape, f)) for f in forms) + r")(?!\w)")
        names = set()
        for line in self.wt.nfc.split("\n")[:12]:
            s = line.strip()
            if s.startswith(act.actor_phrases("header_block_end")):
                break
            if s and s.isupper():
                names.add(act._key(s))
        self.header = frozenset(names)

    def firm_nouns(self) -> bool:
        """Whether the letter goes to one firm, which it may call "doanh nghiệp", "Công ty"."""
        return len(self.addressees) == 1 and act.firm_addressee(self.addressees[0])

    @property
    def nfc(self) -> str:
        return self.wt.nfc

    @property
    def folded(self) -> str:
        return self.wt.folded


# the common nouns a letter calls a firm by (addressee_short of obligation_actors.tsv), and the same
# words apart, longest first
FIRM_NOUNS = frozenset(act.actor_phrases("addressee_short"))
_FIRM_NOUN_FORMS = sorted((w.split() for w in FIRM_NOUNS), key=len, reverse=True)


def sentence_start(doc: Doc, lo: int, p: int, ends: str = ".;:") -> int:
    """Where the sentence (or ";"-clause, or what follows a colon) holding p starts, within
    [lo, p]; `ends`: the marks that end one."""
    return lo + max((x.end() for x in re.finditer(rf"[{ends}]\s+", doc.nfc[lo:p])), default=0)


def rx(kind: str) -> re.Pattern[str]:
    return act._rx(kind)


def starts(doc: Doc, pos: int, kind: str) -> re.Match[str] | None:
    return rx(kind).match(doc.low, pos)


def skip(doc: Doc, pos: int, hi: int, chars: str = " \t\n") -> int:
    while pos < hi and doc.nfc[pos] in chars:
        pos += 1
    return pos


def actor_of(doc: Doc, lo: int, hi: int, topic: str | None = None) -> Actor:
    text = collapse(doc.nfc[lo:hi]).strip(" ,:;")
    leads: list[str] = []
    for m in members.members(text):
        n = act.normalize(m, doc.level, doc.aliases)
        if n == "Chủ đầu tư" and topic:
            n = "Chủ đầu tư " + topic[:1].lower() + topic[1:]
        if n not in leads:
            leads.append(n)
    return Actor(text, leads)


def alt(kind: str) -> str:
    """The folded phrases of `kind` in obligation_cues.tsv as one alternation, longest first."""
    phrases = cues()[kind]
    if not phrases:
        raise ValueError(f"obligation_cues.tsv: no phrases of kind «{kind}»")
    return "|".join(map(phrase_pattern, phrases))


def rx_cue(kind: str) -> re.Pattern[str]:
    """A cue list of obligation_cues.tsv (folded) as one pattern."""
    pattern = _cue_regex(cues(), kind)
    return pattern if pattern is not None else re.compile(r"(?!x)x")
