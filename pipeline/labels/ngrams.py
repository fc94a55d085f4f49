"""Tf-idf transforms of fitted scikit-learn vectorisers, computed faster for inference.

scikit-learn's analysers build every n-gram string of every text in Python: ~220 us an
action for character 3-4-grams, more than the whole budget at 5,000 actions/s. The
character n-grams of ``char_wb`` never cross a word boundary, so here they are looked up
once per distinct word and reused; word n-grams are looked up straight from the tokens.
The output equals ``vectorizer.transform`` (tests/labels/test_ngrams.py checks it).
"""
from __future__ import annotations

import numpy as np
from scipy import sparse


def _tfidf(pieces: list[np.ndarray], lengths: list[int], n_features: int, idf: np.ndarray,
           sublinear: bool) -> sparse.csr_matrix:
    """Rows of feature indices (arrays in order, and each row's length) -> L2-normalised tf-idf."""
    cols = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int32)
    indptr = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    X = sparse.csr_matrix((np.ones(len(cols)), cols, indptr), shape=(len(lengths), n_features))
    X.sum_duplicates()
    if sublinear:
        np.log(X.data, out=X.data)
        X.data += 1
    X.data *= idf[X.indices]
    row_of = np.repeat(np.arange(len(lengths)), np.diff(X.indptr))
    norms = np.sqrt(np.bincount(row_of, weights=X.data * X.data, minlength=len(lengths)))
    norms[norms == 0] = 1
    X.data /= norms[row_of]
    return X.astype(np.float32)


class _FittedGrams:
    """What the fast transforms read from a fitted TfidfVectorizer."""

    def __init__(self, vectorizer):
        self.vocabulary = vectorizer.vocabulary_
        self.idf = np.asarray(vectorizer.idf_, dtype=np.float64)
        self.low, self.high = vectorizer.ngram_range
        self.sublinear = vectorizer.sublinear_tf


class CharWordGrams(_FittedGrams):
    """``char_wb`` n-grams of a fitted vectoriser, cached per distinct word."""

    def __init__(self, vectorizer):
        super().__init__(vectorizer)
        self.lowercase = vectorizer.lowercase
        self._cache: dict[str, np.ndarray] = {}

    def _word(self, word: str) -> np.ndarray:
        # the same n-grams, in the same cases, as sklearn's _char_wb_ngrams
        found = self._cache.get(word)
        if found is None:
            vocabulary = self.vocabulary
            padded = " " + word + " "
            length = len(padded)
            found = []
            for n in range(self.low, self.high + 1):
                if length < n:
                    j = vocabulary.get(padded)
                    if j is not None:
                        found.append(j)
                    break
                for offset in range(length - n + 1):
                    j = vocabulary.get(padded[offset:offset + n])
                    if j is not None:
                        found.append(j)
                if length == n:
                    break
            found = self._cache[word] = np.array(found, dtype=np.int32)
        return found

    def transform(self, texts: list[str]) -> sparse.csr_matrix:
        pieces: list[np.ndarray] = []
        lengths = []
        for text in texts:
            found = [self._word(word) for word in (text.lower() if self.lowercase else text).split()]
            pieces += found
            lengths.append(sum(map(len, found)))
        return _tfidf(pieces, lengths, len(self.idf), self.idf, self.sublinear)


class WordGrams(_FittedGrams):
    """Word 1..n-grams of a fitted vectoriser whose tokens are whitespace-separated."""

    def transform(self, texts: list[str]) -> sparse.csr_matrix:
        return self.transform_tokens([text.split() for text in texts])

    def transform_tokens(self, token_lists: list[list[str]]) -> sparse.csr_matrix:
        """transform() of texts already split into their tokens."""
        cols: list[int] = []
        lengths = []
        get = self.vocabulary.get
        for tokens in token_lists:
            start = len(cols)
            for n in range(self.low, self.high + 1):
                if n == 1:
                    grams = tokens
                elif n == 2:
                    grams = [a + " " + b for a, b in zip(tokens, tokens[1:])]
                else:
                    grams = [" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]
                cols += [j for j in map(get, grams) if j is not None]
            lengths.append(len(cols) - start)
        return _tfidf([np.array(cols, dtype=np.int32)], lengths, len(self.idf), self.idf, self.sublinear)


class FusedTransform:
    """Features.transform in one pass over each text's whitespace tokens.

    Every distinct token is analysed once (its lemmas, its character n-grams, its words for the
    seed phrases) and cached; a text is then a concatenation of cached pieces. Equal to the
    training path (tests/labels/test_ngrams.py)."""

    CACHE_LIMIT = 500_000

    def __init__(self, features):
        from .lemmas import SYMBOLS, WORD, fold_numbers, token_lemmas

        self.features = features
        self.word = WordGrams(features.word)
        self.char = CharWordGrams(features.char)
        self.lexicon = features.lexicon
        self._fold, self._split_words, self._lemmas, self._symbols = fold_numbers, WORD.findall, token_lemmas, SYMBOLS
        self._tokens: dict[str, tuple[list[str], np.ndarray, list[str]]] = {}

    def _token(self, token: str):
        low = token.lower()
        lemmas = self._lemmas(token).split()
        phrase_words = [w for w in self._split_words(low) if w not in self._symbols]
        single = self.lexicon.columns_of_words(phrase_words, longer=False)
        # which of this token's words may open a seed phrase of several words
        opens_longer = tuple(k for k, w in enumerate(phrase_words) if w in self.lexicon.longer_starts)
        entry = (lemmas, self.char._word(low), single or None, opens_longer, phrase_words)
        if len(self._tokens) < self.CACHE_LIMIT:
            self._tokens[token] = entry
        return entry

    def transform(self, texts: list[str]) -> sparse.csr_matrix:
        cache, analyse, lexicon = self._tokens, self._token, self.lexicon
        lemma_lists, char_pieces, char_lengths, found = [], [], [], []
        for text in texts:
            entries = [cache.get(t) or analyse(t) for t in self._fold(text or "").split()]
            lemma_lists.append([lemma for e in entries for lemma in e[0]])
            pieces = [e[1] for e in entries]
            char_pieces += pieces
            char_lengths.append(sum(map(len, pieces)))
            seen: set[int] = set()
            words: list[str] = []
            starts: list[int] = []
            for e in entries:
                if e[2]:
                    seen |= e[2]
                if e[3]:  # a phrase of several words may start here
                    starts += [len(words) + k for k in e[3]]
                words += e[4]
            if starts:
                seen |= lexicon.columns_at(words, starts)
            found.append(seen)
        word = self.word.transform_tokens(lemma_lists)
        char = _tfidf(char_pieces, char_lengths, len(self.char.idf), self.char.idf, self.char.sublinear)
        return self.features.join(word, char, lexicon.matrix(found))
