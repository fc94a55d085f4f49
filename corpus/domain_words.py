"""Write pipeline/config/domain_words.txt: the words of primary care planning the lemma table lacks.

The readers mend words a PDF layout broke ("Non-recurre" / "nt") only into known words. The
lemma table (WordNet-derived) knows few adjectives and little NHS vocabulary ("respiratory",
"clinical", "recurrent", "wellbeing"), so this list adds the words of the seed documents
(the template, the briefings, the Government's response: published text) and of the labelled
bank's actions that occur at least twice and that the table does not know.

Run: .venv/bin/python -m corpus.domain_words [--seeds ../shared/seeds]
"""
from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

from pipeline.config import PROJECT_DIR
from pipeline.labels.data import load_bank_actions
from pipeline.labels.lemmas import english_words

OUT = PROJECT_DIR / "pipeline" / "config" / "domain_words.txt"
MIN_COUNT = 2
MIN_LENGTH = 4
_WORD = re.compile(r"(?<![\w-])[a-z]+(?![\w])")  # lower-case words, not a hyphenated compound's tail


def domain_words(texts: list[str]) -> list[str]:
    known = english_words()
    counts = Counter(w for text in texts for w in _WORD.findall(text))
    return sorted(w for w, n in counts.items() if n >= MIN_COUNT and len(w) >= MIN_LENGTH and w not in known)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", default=str(PROJECT_DIR.parent / "shared" / "seeds"))
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted(Path(args.seeds).glob("*.txt"))]
    texts += [" ".join(str(r.get(k, "")) for k in ("action", "objective", "expected_outcome"))
              for r in load_bank_actions()]
    words = domain_words(texts)
    OUT.write_text("# built by `python -m corpus.domain_words`; one word a line\n" + "\n".join(words) + "\n",
                   encoding="utf-8")
    print(f"{len(words)} words -> {OUT}")


if __name__ == "__main__":
    main()
