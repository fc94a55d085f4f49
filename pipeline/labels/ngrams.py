"""Tf-idf transforms of fitted scikit-learn vectorisers, computed faster for inference.

scikit-learn's analysers build every n-gram string of every text in Python: ~220 us an
action for character 3-4-grams, more than the whole budget at 5,000 actions/s. The
character n-grams of ``char_wb`` never cross a word boundary, so here they are looked up
once per distinct word and reused; word n-grams are found as integer keys of word ids, all
texts at once in numpy, so that the Python work per text is one dictionary look-up per token.
The output equals ``vectorizer.transform`` (tests/labels/test_ngrams.py checks it).
"""
from __future__ import annotations

import numpy as np
from scipy import sparse

from .lexicon import SHORT_WORD

_NONE = np.zeros(0, dtype=np.int32)


def _concat(arrays: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The arrays end to end, and each one's length."""
    lengths = np.fromiter(map(len, arrays), dtype=np.int64, count=len(arrays))
    return (np.concatenate(arrays) if arrays else _NONE), lengths


def _counts(rows: np.ndarray, cols: np.ndarray, n_rows: int, n_cols: int) -> sparse.csr_matrix:
    """How often each (row, column) pair occurs, as a CSR matrix with sorted indices."""
    X = sparse.csr_matrix((np.ones(len(cols)), (rows, cols)), shape=(n_rows, n_cols))
    X.sum_duplicates()
    return X


def _row_of(X: sparse.csr_matrix) -> np.ndarray:
    return np.repeat(np.arange(X.shape[0]), np.diff(X.indptr))


def _weigh(X: sparse.csr_matrix, idf: np.ndarray, sublinear: bool, mask=None, offset: int = 0) -> None:
    """Counts -> tf-idf, in place, for the stored entries in mask (all of them when None) of a block
    of columns starting at offset."""
    data = X.data if mask is None else X.data[mask]
    if sublinear:
        np.log(data, out=data)
        data += 1
    data *= idf[(X.indices if mask is None else X.indices[mask]) - offset]
    if mask is not None:
        X.data[mask] = data


def _block_norms(X: sparse.csr_matrix, row_of: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
    """Each row's L2 norm over the stored entries in mask, 1 where it is 0."""
    data = X.data if mask is None else np.where(mask, X.data, 0)
    norms = np.sqrt(np.bincount(row_of, weights=data * data, minlength=X.shape[0]))
    norms[norms == 0] = 1
    return norms


def _tfidf(rows: np.ndarray, cols: np.ndarray, n_rows: int, idf: np.ndarray, sublinear: bool) -> sparse.csr_matrix:
    """(row, feature) occurrences -> L2-normalised tf-idf rows."""
    X = _counts(rows, cols, n_rows, len(idf))
    _weigh(X, idf, sublinear)
    row_of = _row_of(X)
    X.data /= _block_norms(X, row_of)[row_of]
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

    def word_columns(self, word: str) -> np.ndarray:
        """The feature columns of one word's n-grams, one per occurrence."""
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
        words = [(text.lower() if self.lowercase else text).split() for text in texts]
        cols, lengths = _concat([self.word_columns(w) for text_words in words for w in text_words])
        word_row = np.repeat(np.arange(len(texts)), [len(w) for w in words])
        return _tfidf(np.repeat(word_row, lengths), cols, len(texts), self.idf, self.sublinear)


class WordGrams(_FittedGrams):
    """Word 1..n-grams of a fitted vectoriser whose tokens are whitespace-separated.

    Every word of the vocabulary's n-grams has an integer id; an n-gram is then the integer
    key of its words' ids, looked up for all positions of all texts at once."""

    def __init__(self, vectorizer):
        super().__init__(vectorizer)
        self.ids: dict[str, int] = {}
        grams = [(gram.split(" "), j) for gram, j in self.vocabulary.items()]
        for words, _ in grams:
            for word in words:
                self.ids.setdefault(word, len(self.ids))
        self.base = max(len(self.ids), 1)
        if self.base ** self.high >= 2 ** 62:
            raise ValueError(f"word {self.high}-grams of {self.base:,} words do not fit integer keys")
        # per length: the sorted keys of the vocabulary's n-grams and their feature columns
        self.keys: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        for n in range(self.low, self.high + 1):
            of_length = [(self._key([self.ids[w] for w in words]), j) for words, j in grams if len(words) == n]
            keys = np.array([k for k, _ in of_length], dtype=np.int64)
            columns = np.array([j for _, j in of_length], dtype=np.int32)
            order = np.argsort(keys)
            self.keys[n] = keys[order], columns[order]

    def _key(self, ids) -> int:
        key = 0
        for i in ids:
            key = key * self.base + i
        return key

    def word_ids(self, words: list[str]) -> np.ndarray:
        """Each word's id, -1 for a word no n-gram of the vocabulary holds."""
        get = self.ids.get
        return np.array([get(w, -1) for w in words], dtype=np.int64)

    def occurrences(self, ids: np.ndarray, row_of: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(row, column) of every vocabulary n-gram in a stream of word ids whose row each id is in;
        an n-gram never spans two rows."""
        rows, cols = [], []
        for n, (keys, columns) in self.keys.items():
            count = len(ids) - n + 1
            if count <= 0 or not len(keys):
                continue
            key = np.zeros(count, dtype=np.int64)
            valid = row_of[:count] == row_of[n - 1:]
            for k in range(n):
                part = ids[k:k + count]
                valid &= part >= 0
                key = key * self.base + part
            at = np.searchsorted(keys, key[valid]).clip(max=len(keys) - 1)
            hit = keys[at] == key[valid]
            rows.append(row_of[:count][valid][hit])
            cols.append(columns[at[hit]])
        if not rows:
            return _NONE, _NONE
        return np.concatenate(rows), np.concatenate(cols)

    def transform(self, texts: list[str]) -> sparse.csr_matrix:
        words = [text.split() for text in texts]
        ids = self.word_ids([w for text_words in words for w in text_words])
        row_of = np.repeat(np.arange(len(texts)), [len(w) for w in words])
        rows, cols = self.occurrences(ids, row_of)
        return _tfidf(rows, cols, len(texts), self.idf, self.sublinear)


class _Ragged:
    """Integer arrays, one per token id, stored end to end in one growing buffer, so that the arrays
    of a stream of token ids are gathered in numpy."""

    def __init__(self):
        self.values = np.zeros(1024, dtype=np.int64)
        self.starts, self.lengths = np.zeros(1024, dtype=np.int64), np.zeros(1024, dtype=np.int64)
        self.size = self.count = 0

    def append(self, values: np.ndarray) -> None:
        n = len(values)
        while self.size + n > len(self.values):
            self.values = np.concatenate([self.values, np.zeros_like(self.values)])
        if self.count == len(self.starts):
            self.starts, self.lengths = (np.concatenate([a, np.zeros_like(a)]) for a in (self.starts, self.lengths))
        self.values[self.size:self.size + n] = values
        self.starts[self.count], self.lengths[self.count] = self.size, n
        self.size += n
        self.count += 1

    def gather(self, ids: np.ndarray, row_of: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The arrays of these token ids end to end, and the row each value is in."""
        lengths = self.lengths[ids]
        ends = np.cumsum(lengths)
        positions = np.arange(ends[-1] if len(ends) else 0) + np.repeat(self.starts[ids] - (ends - lengths), lengths)
        return self.values[positions], np.repeat(row_of, lengths)


class FusedTransform:
    """Features.transform in one pass over each text's whitespace tokens.

    Every distinct token is analysed once (its numbers folded; its lemmas' ids, its character
    n-grams, its words for the seed phrases) and given an id; the texts are then one stream of
    token ids whose pieces are gathered, weighed and normalised in numpy as Features.join does.
    Equal to the training path (tests/labels/test_ngrams.py)."""

    CACHE_LIMIT = 500_000  # distinct tokens; past it the table starts again at the next call
    CHUNK = 1024  # texts transformed together (256-2,048 alike here; 20,000 at once took twice as long)

    def __init__(self, features):
        from .lemmas import SYMBOLS, WORD, fold_numbers, token_lemmas

        self.features = features
        self.word = WordGrams(features.word)
        self.char = CharWordGrams(features.char)
        self.lexicon = features.lexicon
        self._fold, self._split_words, self._lemmas, self._symbols = fold_numbers, WORD.findall, token_lemmas, SYMBOLS
        self.n_word, self.n_char = len(self.word.idf), len(self.char.idf)
        self.n_text = self.n_word + self.n_char
        self._longest = self.lexicon.longest
        idf = [self.word.idf, self.char.idf, np.ones(len(self.lexicon.columns))]
        self.idf = np.concatenate(idf)
        if self.word.sublinear != self.char.sublinear:
            raise ValueError("the word and character n-grams must both use sublinear tf, or neither")
        self._clear()

    def _clear(self) -> None:
        fused = self

        class TokenIds(dict):
            def __missing__(self, token):
                return fused._add(token)

        self._ids = TokenIds()
        self._lemma_ids, self._char_cols, self._single_cols = _Ragged(), _Ragged(), _Ragged()
        # the seed-phrase words of each token (as ids of self._words), and which of them may open a
        # phrase of several words
        self._phrase_words, self._phrase_openers = _Ragged(), _Ragged()
        self._word_ids: dict[str, int] = {}
        self._words: list[str] = []

    def _add(self, token: str) -> int:
        folded = self._fold(token)
        low = folded.lower()
        phrase_words = [w for w in self._split_words(low) if w not in self._symbols]
        single = self.lexicon.columns_of_words(phrase_words, longer=False)
        self._lemma_ids.append(self.word.word_ids(self._lemmas(folded).split()))
        self._char_cols.append(self.char.word_columns(low) + self.n_word)
        self._single_cols.append(np.array(sorted(single), dtype=np.int64) + self.n_text)
        for word in phrase_words:
            if word not in self._word_ids:
                self._word_ids[word] = len(self._words)
                self._words.append(word)
        self._phrase_words.append(np.array([self._word_ids[w] for w in phrase_words], dtype=np.int64))
        self._phrase_openers.append(np.array([k for k, w in enumerate(phrase_words) if w in self.lexicon.longer_starts],
                                             dtype=np.int64))
        token_id = self._ids[token] = self._lemma_ids.count - 1
        return token_id

    def _longer_phrases(self, ids: np.ndarray, token_row: np.ndarray, n_texts: int) -> tuple[np.ndarray, np.ndarray]:
        """(row, column) of the seed phrases of several words: Python only at the words that open one
        and are followed by a word that may go on with it."""
        word_ids, word_token = self._phrase_words.gather(ids, np.arange(len(ids)))
        word_row = token_row[word_token]
        # each token's first word in the stream, and each text's end
        first_word = np.concatenate([[0], np.cumsum(self._phrase_words.lengths[ids])])[:-1]
        row_end = np.searchsorted(word_row, np.arange(n_texts), side="right")
        offsets, opener_token = self._phrase_openers.gather(ids, np.arange(len(ids)))
        at = first_word[opener_token] + offsets
        ends = row_end[token_row[opener_token]]
        keep = at + 1 < ends
        rows, cols = [], []
        words, index, longest = self._words, self.lexicon.longer_starts, self._longest
        for position, end, row in zip(at[keep].tolist(), ends[keep].tolist(), token_row[opener_token][keep].tolist()):
            if not index[words[word_ids[position]]].get(words[word_ids[position + 1]][:SHORT_WORD + 1]):
                continue  # no phrase goes on with the next word
            found = self.lexicon.columns_at([words[j] for j in word_ids[position:min(end, position + longest)]], [0])
            rows += [row] * len(found)
            cols += found
        return np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64) + self.n_text

    def transform(self, texts: list[str]) -> sparse.csr_matrix:
        if self._ids and len(self._ids) > self.CACHE_LIMIT:
            self._clear()
        if len(texts) <= self.CHUNK:
            return self._transform(texts)
        # a chunk's arrays stay in the processor's cache; a batch's would be fresh memory each time
        return sparse.vstack([self._transform(texts[start:start + self.CHUNK])
                              for start in range(0, len(texts), self.CHUNK)], format="csr")

    def _transform(self, texts: list[str]) -> sparse.csr_matrix:
        token_lists = [(text or "").split() for text in texts]
        n_texts = len(texts)
        token_ids = list(map(self._ids.__getitem__, [t for tokens in token_lists for t in tokens]))
        ids = np.array(token_ids, dtype=np.int64)
        token_row = np.repeat(np.arange(n_texts), [len(tokens) for tokens in token_lists])
        lemma_ids, lemma_row = self._lemma_ids.gather(ids, token_row)
        word_rows, word_cols = self.word.occurrences(lemma_ids, lemma_row)
        char_cols, char_rows = self._char_cols.gather(ids, token_row)
        single_cols, single_rows = self._single_cols.gather(ids, token_row)
        longer_rows, longer_cols = self._longer_phrases(ids, token_row, n_texts)
        X = _counts(np.concatenate([word_rows, char_rows, single_rows, longer_rows]),
                    np.concatenate([word_cols, char_cols, single_cols, longer_cols]),
                    n_texts, len(self.idf))
        # as Features.join: each block tf-idf and unit length, the two together unit length again,
        # then the seed-phrase columns (1 when found) weighted
        row_of = _row_of(X)
        is_word, is_text = X.indices < self.n_word, X.indices < self.n_text
        data = np.log(X.data) + 1 if self.word.sublinear else X.data
        data *= self.idf[X.indices]
        squares = data * data
        word_sq = np.bincount(row_of, weights=np.where(is_word, squares, 0), minlength=n_texts)
        char_sq = np.bincount(row_of, weights=np.where(is_text & ~is_word, squares, 0), minlength=n_texts)
        blocks = np.sqrt((word_sq > 0).astype(np.float64) + (char_sq > 0))
        norms = np.where(is_word, np.sqrt(word_sq)[row_of], np.sqrt(char_sq)[row_of]) * blocks[row_of]
        X.data = np.where(is_text, data / np.where(norms > 0, norms, 1), self.features.lexicon_weight).astype(np.float32)
        return X
