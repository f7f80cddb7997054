"""`pubchat search` and `pubchat eval beir/qa` from the command line, on tiny made-up inputs."""

from __future__ import annotations

import json

from pubchat.cli import main


def _beir(tmp_path):
    folder = tmp_path / "beir"
    (folder / "qrels").mkdir(parents=True)
    docs = [
        {"_id": "d1", "title": "Wing flutter", "text": "flutter of swept wings at transonic speed"},
        {"_id": "d2", "title": "Boundary layers", "text": "laminar boundary layer transition on flat plates"},
        {"_id": "d3", "title": "Heat transfer", "text": "heat transfer in hypersonic flow"},
    ]
    (folder / "corpus.jsonl").write_text("\n".join(json.dumps(d) for d in docs) + "\n", encoding="utf-8")
    queries = [{"_id": "1", "text": "wing flutter"}, {"_id": "2", "text": "boundary layer transition"}]
    (folder / "queries.jsonl").write_text("\n".join(json.dumps(q) for q in queries) + "\n", encoding="utf-8")
    (folder / "qrels" / "test.tsv").write_text("query-id\tcorpus-id\tscore\n1\td1\t2\n2\td2\t1\n", encoding="utf-8")
    return folder


def test_eval_beir_prints_metrics_and_writes_run(tmp_path, capsys) -> None:
    run = tmp_path / "out.run"
    assert main(["eval", "beir", str(_beir(tmp_path)), "--run", str(run)]) == 0
    out = capsys.readouterr().out
    assert "nDCG@10    1.0000" in out and "Recall@100 1.0000" in out
    first = run.read_text(encoding="utf-8").splitlines()[0].split()
    assert first[:4] == ["1", "Q0", "d1", "1"]


def test_eval_beir_missing_folder_is_one_line_error(tmp_path, capsys) -> None:
    assert main(["eval", "beir", str(tmp_path / "nope")]) == 2
    assert "not a folder" in capsys.readouterr().err


def test_search_prints_ranked_table_filters_and_corrections(capsys) -> None:
    assert main(["search", "facial expresion recognition since 2024", "-k", "3"]) == 0
    out = capsys.readouterr().out
    assert "showing results for: facial expression recognition" in out
    assert "filters: year:2024.." in out
    rows = [line for line in out.splitlines() if line.strip()[:1].isdigit()]
    assert len(rows) == 3 and all(" 2024 " in r or " 2025 " in r or " 2026 " in r for r in rows)


def test_search_reports_no_match(capsys) -> None:
    assert main(["search", "best", "ramen", "recipe"]) == 0
    assert "no matching papers" in capsys.readouterr().out


def test_eval_qa_show_fails_on_a_small_file(tmp_path, capsys) -> None:
    path = tmp_path / "qa.jsonl"
    rows = [
        {
            "id": "a",
            "question": "What is SFace?",
            "type": "title",
            "relevant": {"SFace: Sigmoid-Constrained Hypersphere Loss for Robust Face Recognition": 2},
            "expected_count": None,
        },
        {"id": "b", "question": "best ramen recipe", "type": "out_of_scope", "relevant": {}, "expected_count": None},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    assert main(["eval", "qa", str(path), "--show-fails", "--engine", "search"]) == 0
    out = capsys.readouterr().out
    assert "title" in out and "1.000" in out
    assert "0 question(s) below their bar" in out
