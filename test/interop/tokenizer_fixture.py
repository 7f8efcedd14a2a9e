"""Reference token ids for test/interop/fixtures/tokenizer, from tiktoken and Hugging Face tokenizers.

Run by test/interop/make-tokenizer-fixture.ts, which sets TIKTOKEN_CACHE_DIR to rank files it
wrote (tiktoken checks their SHA-256 against OpenAI's). Usage:

    tokenizer_fixture.py TEXTS_JSON CORPUS_TXT OUT_DIR CRAFTED_JSON

Makes four small tokenizers from CORPUS_TXT (one text per line) and writes them to OUT_DIR:
trained, a byte-level BPE as GPT-2's (bpe.tokenizer.json) and one as Llama 3's, cut by a
Split pattern, with ignore_merges and two added non-special tokens (bpe-split.tokenizer.json);
built from substring counts, a Unigram with Metaspace (unigram.tokenizer.json) and a WordPiece
with BERT normalization (wordpiece.tokenizer.json). Then encodes every text of TEXTS_JSON (a
list of {"id", "text"}) with cl100k_base, o200k_base (encode_ordinary) and the tokenizers
(special tokens encoded as ordinary text, none added), and prints one JSON object with the
versions, special tokens and ids. Last, a Unigram built by hand to tell apart ways of breaking
ties (unigram-crafted.tokenizer.json) encodes the short texts of CRAFTED_JSON.
"""

import json
import math
import os
import re
import sys

import tiktoken
import tokenizers
from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers


def train_bpe(corpus):
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=2000,
        min_frequency=2,
        special_tokens=["<s>", "</s>"],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(corpus, trainer=trainer)
    # As real checkpoints do: a template that would add <s> and </s>, which an ordinary encoding must not.
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", special_tokens=[("<s>", tok.token_to_id("<s>")), ("</s>", tok.token_to_id("</s>"))]
    )
    return tok


# Llama 3's pattern: cut before byte-level mapping by a Split pre-tokenizer, digits in threes.
LLAMA3_PATTERN = (
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"
)


def train_bpe_split(corpus):
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Split(tokenizers.Regex(LLAMA3_PATTERN), behavior="isolated", invert=False),
            pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
        ]
    )
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=1000,
        special_tokens=["<|begin_of_text|>", "<|end_of_text|>"],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(corpus, trainer=trainer)
    # As Llama 3's: a pre-token found whole in the vocabulary is not merged.
    config = json.loads(tok.to_str())
    config["model"]["ignore_merges"] = True
    tok = Tokenizer.from_str(json.dumps(config))
    # Tokens added as ordinary words: cut out of the text, unlike special ones.
    tok.add_tokens(["<tool>", "[[link]]"])
    return tok


def train_unigram(corpus):
    # Rust's UnigramTrainer gives another vocabulary on every run (it walks hash maps), and the
    # vocabulary decides where segmentations tie. So the model is built here, reproducibly: the
    # 1,500 most frequent substrings (up to 6 characters) of the words, each scored by the log
    # of its frequency, as a trained model's scores are log probabilities. Substrings repeating
    # one character three times are left out, so that runs ('000', '...') have several equally
    # likely segmentations, which an implementation must break as the Rust library does.
    tok = Tokenizer(models.Unigram())
    tok.normalizer = normalizers.NFKC()
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always")
    counts = {}
    for line in corpus:
        for word, _ in tok.pre_tokenizer.pre_tokenize_str(tok.normalizer.normalize_str(line)):
            for i in range(len(word)):
                for j in range(i + 1, min(len(word), i + 6) + 1):
                    counts[word[i:j]] = counts.get(word[i:j], 0) + 1
    singles = sorted(piece for piece in counts if len(piece) == 1)
    longer = sorted((p for p in counts if len(p) > 1 and not re.search(r"(.)\1\1", p)), key=lambda p: (-counts[p], p))
    pieces = singles + longer[: 1500 - len(singles)]
    total = sum(counts[p] for p in pieces)
    vocab = [("<unk>", 0.0), ("<s>", 0.0), ("</s>", 0.0)] + [(p, math.log(counts[p] / total)) for p in pieces]
    tok.model = models.Unigram(vocab, 0, False)
    tok.decoder = decoders.Metaspace(replacement="\u2581", prepend_scheme="always")
    tok.add_special_tokens(["<unk>", "<s>", "</s>"])
    return tok


def train_wordpiece(corpus):
    # Built here, reproducibly (WordPieceTrainer breaks ties between equally frequent merges in
    # hash-map order, another on every run): every character, alone and as '##' + character,
    # then the most frequent word starts and '##' word continuations (up to 8 characters).
    tok = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    counts = {}
    for line in corpus:
        for word, _ in tok.pre_tokenizer.pre_tokenize_str(tok.normalizer.normalize_str(line)):
            for i in range(len(word)):
                for j in range(i + 1, min(len(word), i + 8) + 1):
                    piece = word[i:j] if i == 0 else "##" + word[i:j]
                    counts[piece] = counts.get(piece, 0) + 1
    single = sorted(p for p in counts if len(p.removeprefix("##")) == 1)
    longer = sorted((p for p in counts if len(p.removeprefix("##")) > 1), key=lambda p: (-counts[p], p))
    specials = ["[UNK]", "[CLS]", "[SEP]"]
    ordered = specials + single + longer[: 1500 - len(specials) - len(single)]
    tok.model = models.WordPiece({t: i for i, t in enumerate(ordered)}, unk_token="[UNK]")
    tok.decoder = decoders.WordPiece()
    tok.add_special_tokens(specials)
    return tok


def crafted_unigram():
    # A Unigram built by hand where the JavaScript port parts from the Rust library: 'ab' is a
    # hair less likely than 'a' then 'b', a difference that adding the score of 'c' rounds
    # away, so the two paths tie in one implementation's arithmetic and not in the other's;
    # 'bc' is written -1000.1999999999999, which Rust's JSON parser reads as -1000.2, the sum
    # of 'b' and 'c'; 'a\u2581' and 'b\u2581' span a space, which only an unsplit Metaspace
    # lets a piece do; 'x' is unknown. Words are cut by Metaspace, which splits them.
    vocab = [
        ("<unk>", 0.0),
        ("\u2581", -2.0),
        ("a", -0.1),
        ("b", -0.2),
        ("ab", -0.30000000000001),
        ("c", -1000.0),
        ("\u2581a", -1.0),
        ("\u2581b", -1.5),
        ("\u2581ab", -1.2000000000000002),
        ("a\u2581", -0.05),
        ("b\u2581", -0.07),
        ("bc", -1000.1999999999999),
    ]
    tok = Tokenizer(models.Unigram(vocab, 0, False))
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always")
    return tok


def has_lone_surrogate(text):
    return any(0xD800 <= ord(c) <= 0xDFFF for c in text)


def main():
    texts_path, corpus_path, out_dir, crafted_path = sys.argv[1:5]
    texts = [t["text"] for t in json.load(open(texts_path, encoding="utf-8"))]
    corpus = open(corpus_path, encoding="utf-8").read().split("\n")

    result = {"tiktoken": tiktoken.__version__, "tokenizers": tokenizers.__version__, "encodings": {}, "tokenizers_ids": {}}
    for name in ["cl100k_base", "o200k_base"]:
        enc = tiktoken.get_encoding(name)
        result["encodings"][name] = {
            "special_tokens": enc._special_tokens,
            "ids": [enc.encode_ordinary(t) for t in texts],
        }

    trained = [("bpe", train_bpe), ("bpe-split", train_bpe_split), ("unigram", train_unigram), ("wordpiece", train_wordpiece)]
    for name, train in trained:
        path = os.path.join(out_dir, f"{name}.tokenizer.json")
        train(corpus).save(path)
        tok = Tokenizer.from_file(path)
        # Special-token spellings inside a document are ordinary text, as tiktoken's encode_ordinary treats them.
        tok.encode_special_tokens = True
        specials = [t.content for t in tok.get_added_tokens_decoder().values() if t.special]
        if name == "unigram":
            # The scores as the Rust library holds them after reading the file (its JSON parser
            # does not always round to the nearest double); written back exactly by to_str().
            result["unigram_scores"] = [score for _, score in json.loads(tok.to_str())["model"]["vocab"]]
        result["tokenizers_ids"][name] = {
            "file": os.path.basename(path),
            "special_tokens": {s: tok.token_to_id(s) for s in specials},
            # The Rust library takes Rust strings, which cannot hold a lone surrogate: null there.
            "ids": [None if has_lone_surrogate(t) else tok.encode(t, add_special_tokens=False).ids for t in texts],
        }
    path = os.path.join(out_dir, "unigram-crafted.tokenizer.json")
    crafted_unigram().save(path)
    tok = Tokenizer.from_file(path)
    crafted = json.load(open(crafted_path, encoding="utf-8"))
    result["crafted_unigram"] = [tok.encode(t, add_special_tokens=False).ids for t in crafted]
    json.dump(result, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
