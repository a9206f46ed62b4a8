"""Obligation extraction scored against the seed gold (tests/data/gold/seed_obligations.jsonl).

A predicted obligation matches a gold record when it is in the same document, its span
overlaps the gold record's line and its normalised actor equals the gold's. Matching is
one-to-one, greedy in document order.
"""
from __future__ import annotations

import csv
import json
import re
import time
import unicodedata
from pathlib import Path

import pytest

from tests import real_gold

from cancu.nlp.model import Mention, SourceText
from cancu.nlp.obligations import extract_obligations
from cancu.nlp.obligations import normalize_agency
from cancu.nlp.obligations.pipeline import get_nlp
from cancu.nlp.obligations.run import infer_issuer
from cancu.nlp.text.normalize import normalize
from cancu.nlp.text.fold import collapse
from tests.samples import obligations_of as _one

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "corpus" / "plans"
GOLD = ROOT / "tests" / "data" / "gold"
SOURCES = ("org_section", "appendix_table", "labelled_task", "reporting")


def _mentions(doc: str, text: str) -> list[Mention]:
    """Citation mentions of the citation gold, placed by finding their text on their line."""
    wt = normalize(text)
    nfc_lines = real_gold.line_spans(wt.nfc)
    out = []
    for raw in (GOLD / "seed_citations.jsonl").read_text(encoding="utf-8").splitlines():
        c = json.loads(raw)
        if c["doc"] != doc:
            continue
        lo, _ = nfc_lines[c["line"] - 1]
        words = unicodedata.normalize("NFC", c["text"]).split()
        m = re.compile(r"\s+".join(re.escape(w) for w in words)).search(wt.nfc, lo)
        if not m:
            continue
        s, e = wt.to_original(m.start(), m.end())
        out.append(Mention(s, e, text[s:e], c["type_as_written"], c["type"], c["number"],
                           c["symbol"], name=c.get("name")))
    return out


@pytest.fixture(scope="module")
def run():
    gold = [json.loads(l) for l in (GOLD / "seed_obligations.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
    docs = sorted(p.name for p in PLANS.glob("*.txt"))
    texts = {d: (PLANS / d).read_text(encoding="utf-8") for d in docs}
    mentions = {d: _mentions(d, texts[d]) for d in docs}
    t0 = time.perf_counter()
    preds = {d: extract_obligations(SourceText(str(PLANS / d), texts[d], "txt"), mentions=mentions[d])
             for d in docs}
    elapsed = time.perf_counter() - t0
    return gold, docs, texts, preds, mentions, elapsed


def _match(gold, texts, preds, source=None):
    """[(gold, pred)], false negatives, false positives (tests/real_gold.py's matching)."""
    m = real_gold.match(gold, texts, preds, source)
    return m.pairs, m.fns, m.fps


def _f1(tp, fn, fp):
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _report(fns, fps, texts):
    lines = []
    for g in fns:
        lines.append(f"  FN {g['doc'][:3]}:{g['line']} [{g['source']}] {g['actor_normalized']!r}: {g['task'][:70]}")
    for doc, p in fps:
        ln = texts[doc].count("\n", 0, p.start) + 1
        lines.append(f"  FP {doc[:3]}:{ln} [{p.source}] {p.actor_normalized!r}: {p.task[:70]}")
    return "\n".join(lines)


def _dated(p):
    return sorted(d.text for d in p.deadlines if d.date or (d.recurrence and "BYMONTHDAY" in d.recurrence))


def test_f1_overall_and_per_source(run):
    gold, docs, texts, preds, _, elapsed = run
    pairs, fns, fps = _match(gold, texts, preds)
    p, r, f = _f1(len(pairs), len(fns), len(fps))
    msg = [f"overall P={p:.3f} R={r:.3f} F1={f:.3f} (tp={len(pairs)} fn={len(fns)} fp={len(fps)}), "
           f"extraction of {len(docs)} plans in {elapsed:.2f}s"]
    failed = f < 0.90
    for src in SOURCES:
        sp, sfn, sfp = _match(gold, texts, preds, source=src)
        p2, r2, f2 = _f1(len(sp), len(sfn), len(sfp))
        msg.append(f"  {src}: P={p2:.3f} R={r2:.3f} F1={f2:.3f} (tp={len(sp)} fn={len(sfn)} fp={len(sfp)})")
        if f2 < 0.90:
            failed = True
            msg.append(_report(sfn, sfp, texts))
    print("\n".join(msg))
    assert not failed, "\n".join(msg) + "\n" + _report(fns, fps, texts)


def test_field_accuracy_on_matched_pairs(run):
    gold, _, texts, preds, mentions, _ = run
    pairs, _, _ = _match(gold, texts, preds)
    n = len(pairs)
    mod = [(g, p) for g, p in pairs if g["modality"] != p.modality]
    dl = [(g, p) for g, p in pairs if sorted(g["deadlines"]) != _dated(p)]
    rt = [(g, p) for g, p in pairs if g["reports_to"] != p.reports_to]
    coop = [(g, p) for g, p in pairs if g["cooperating"] != p.cooperating]
    co = [(g, p) for g, p in pairs if g.get("co_leads", []) != p.co_leads]
    sch = [(g, p) for g, p in pairs if g["schedule"] != p.schedule]
    out = [(g, p) for g, p in pairs if g["output"] != p.output]
    src = [(g, p) for g, p in pairs if g["source"] != p.source]
    # basis: each gold item (as written) names a citation; compare the citations' symbols
    basis_bad = []
    for g, p in pairs:
        want = set()
        for b in g["basis"]:
            for m in mentions[g["doc"]]:
                if b.lower() in collapse(unicodedata.normalize("NFC", m.text)).lower() and p.start <= m.start and m.end <= p.end:
                    want.add(m.symbol or m.name)
        if want != set(p.basis) and g["basis"]:
            basis_bad.append((g, p))
        elif not g["basis"] and p.basis:
            basis_bad.append((g, p))
    acc = lambda bad: 1 - len(bad) / n  # noqa: E731
    rep = {"modality": acc(mod), "deadlines": acc(dl), "reports_to": acc(rt), "cooperating": acc(coop),
           "co_leads": acc(co), "schedule": acc(sch), "output": acc(out), "source": acc(src),
           "basis": acc(basis_bad)}
    lines = [f"matched pairs: {n}"] + [f"  {k}: {v:.3f}" for k, v in rep.items()]
    for name, bad in (("modality", mod), ("deadlines", dl), ("reports_to", rt), ("cooperating", coop),
                      ("schedule", sch), ("basis", basis_bad)):
        for g, p in bad:
            gv = {"modality": g["modality"], "deadlines": g["deadlines"], "reports_to": g["reports_to"],
                  "cooperating": g["cooperating"], "schedule": g["schedule"], "basis": g["basis"]}[name]
            pv = {"modality": p.modality, "deadlines": _dated(p), "reports_to": p.reports_to,
                  "cooperating": p.cooperating, "schedule": p.schedule, "basis": p.basis}[name]
            lines.append(f"  {name} {g['doc'][:3]}:{g['line']} gold={gv!r} got={pv!r}")
    print("\n".join(lines))
    assert rep["modality"] >= 0.95, "\n".join(lines)
    assert rep["deadlines"] >= 0.95, "\n".join(lines)
    assert rep["reports_to"] >= 0.90, "\n".join(lines)
    assert rep["cooperating"] >= 0.80, "\n".join(lines)


def test_task_text_is_never_cut(run):
    """The gold was written with tasks cut at 160 characters; the extracted task is the
    whole one: it begins like the gold, and it ends on a whole word of its own text."""
    gold, _, texts, preds, _, _ = run
    pairs, _, _ = _match(gold, texts, preds)
    longer = 0
    for g, p in pairs:
        task = collapse(unicodedata.normalize("NFC", p.task))
        assert task.startswith(g["task"].rstrip()[:150]), (g["task"], task)
        words = collapse(unicodedata.normalize("NFC", p.text)).split()
        assert task.split()[-1] in words, task
        longer += len(task) > 160
    assert longer >= 50        # the issue counted 58 of 103 seed tasks cut at 160


def test_offsets_point_into_original(run):
    _, docs, texts, preds, _, _ = run
    for d in docs:
        for p in preds[d]:
            assert texts[d][p.start:p.end] == p.text
            for dl in p.deadlines:
                assert p.start <= dl.start < dl.end <= p.end or dl.text  # schedule cells may lie outside
                assert collapse(unicodedata.normalize("NFC", texts[d][dl.start:dl.end])) == dl.text
        starts = [p.start for p in preds[d]]
        assert starts == sorted(starts), "obligations must be in document order"


def test_every_seed_variant_maps_to_its_canonical():
    texts = {p.name: p.read_text(encoding="utf-8") for p in PLANS.glob("*.txt")}
    issuers = {}
    for name, text in texts.items():
        wt = normalize(text)
        issuers[name] = infer_issuer(get_nlp()(wt.nfc), wt)
    bad = []
    with (GOLD / "seed_agencies.tsv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            doc = row["docs"].split(",")[0].strip()
            for v in (x.strip() for x in row["variants"].split(" | ")):
                if v.startswith("(implicit"):
                    continue
                got = normalize_agency(v, issuers[doc])
                if got != row["canonical"]:
                    bad.append(f"{v!r} -> {got!r}, want {row['canonical']!r}")
    assert not bad, "\n".join(bad)


def test_issuer_is_read_from_the_preamble():
    text = "KẾ HOẠCH\nCăn cứ Luật …;\nỦy ban nhân dân xã An Hòa ban hành Kế hoạch như sau:\n"
    wt = normalize(text)
    assert infer_issuer(get_nlp()(wt.nfc), wt) == "Ủy ban nhân dân xã An Hòa"


def test_agencies_are_scoped_to_their_issuer():
    text = ("KẾ HOẠCH\nIII. TỔ CHỨC THỰC HIỆN\n1. Phòng Văn hoá - Xã hội xã\n"
            "- Theo dõi, đôn đốc việc thực hiện Kế hoạch này.\n")
    a = extract_obligations(SourceText("a.txt", text, "txt"), issuer="Ủy ban nhân dân xã An Hòa")
    b = extract_obligations(SourceText("b.txt", text, "txt"), issuer="Ủy ban nhân dân xã Tân Lập")
    assert a[0].actor_normalized == b[0].actor_normalized == "Phòng Văn hóa - Xã hội"
    assert a[0].issuer_scope != b[0].issuer_scope


# ---------------------------------------------------------------- own sentences
PLAN_HEAD = "KẾ HOẠCH\nỦy ban nhân dân xã Tân Lập ban hành Kế hoạch như sau:\nIII. TỔ CHỨC THỰC HIỆN\n"


def test_request_section_and_partner():
    obs = _one(PLAN_HEAD + "1. Phòng Tư pháp\n- Chủ trì, phối hợp với Công an xã rà soát hương ước.\n"
               "2. Đề nghị Hội Nông dân xã\n- Vận động hội viên tham gia góp ý dự thảo.\n")
    assert [o.modality for o in obs] == ["must", "request"]
    assert obs[0].actor_normalized == "Phòng Tư pháp" and obs[0].cooperating == ["Công an xã"]
    assert obs[1].actor_normalized == "Hội Nông dân xã"


def test_prohibition():
    obs = _one(PLAN_HEAD + "1. Văn phòng HĐND và UBND xã\n"
               "- Không được sử dụng thông tin của người dân vào mục đích khác.\n"
               "- Nghiêm cấm việc gây phiền hà cho tổ chức, công dân khi giải quyết thủ tục.\n"
               "- Niêm yết cam kết không phiền hà tại trụ sở.\n")
    assert [o.modality for o in obs] == ["prohibition", "prohibition", "must"]


def test_split_reporting_clause_and_recipient():
    obs = _one(PLAN_HEAD + "1. Phòng Văn hóa - Xã hội\n"
               "- Hướng dẫn các thôn tổ chức hội nghị; định kỳ tổng hợp, báo cáo UBND xã (qua Văn phòng "
               "HĐND và UBND xã) trước ngày 20/12/2025.\n")
    assert [o.source for o in obs] == ["org_section", "reporting"]
    rep = obs[1]
    assert rep.reports_to == "Ủy ban nhân dân xã" and rep.schedule == "định kỳ"
    assert [(d.text, d.date.isoformat()) for d in rep.deadlines] == [("trước ngày 20/12/2025", "2025-12-20")]


def test_table_rows_with_continuation():
    obs = _one(PLAN_HEAD.replace("III. TỔ CHỨC THỰC HIỆN\n", "") + "PHỤ LỤC I\n"
               "STT\tNội dung\tThời gian hoàn thành\tĐơn vị chủ trì\tĐơn vị phối hợp\tSản phẩm\n"
               "1\tRà soát quy chế dân chủ của cơ quan\tQuý III/2025\tPhòng Nội vụ\tCác cơ quan, đơn vị liên quan\tBáo cáo\n"
               "\tvà đề xuất sửa đổi\t\t\t\tkết quả rà soát\n"
               "2\tTập huấn cho cán bộ thôn\tHằng năm\tTrung tâm Chính trị\t\tHội nghị\n")
    assert [o.source for o in obs] == ["appendix_table"] * 2
    assert obs[0].task == "Rà soát quy chế dân chủ của cơ quan và đề xuất sửa đổi"
    assert obs[0].output == "Báo cáo kết quả rà soát"
    assert obs[0].cooperating == ["Các cơ quan, đơn vị liên quan"]
    assert obs[0].deadlines[0].date.isoformat() == "2025-09-30"
    assert obs[1].actor_normalized == "Trung tâm Chính trị"
    assert obs[1].deadlines[0].recurrence == "FREQ=YEARLY"


def test_basis_from_mentions():
    text = PLAN_HEAD + "1. Phòng Tư pháp\n- Triển khai Nghị định số 59/2023/NĐ-CP trên địa bàn.\n"
    i = text.index("59/2023")
    m = Mention(i, i + len("59/2023/NĐ-CP"), "59/2023/NĐ-CP", None, "Nghị định", "59", "59/2023/NĐ-CP")
    obs = _one(text, mentions=[m])
    assert obs[0].basis == ["59/2023/NĐ-CP"] and obs[0].basis_mentions == [(m.start, m.end)]


# ---------------------------------------------------------------- generalisation patterns
def test_closing_call_and_conditional_remark_are_not_the_last_units_duties():
    obs = _one(PLAN_HEAD + "1. Phòng Tư pháp\n- Rà soát hương ước của các thôn.\n"
               "2. Đề nghị Hội Nông dân xã\n- Vận động hội viên tham gia góp ý dự thảo.\n"
               "- Trong quá trình triển khai, nếu có vướng mắc, kịp thời báo cáo về Ủy ban nhân dân "
               "xã (qua Văn phòng HĐND và UBND xã) để xem xét, giải quyết.\n"
               "Ủy ban nhân dân xã Tân Lập đề nghị các ban, ngành, đoàn thể và các thôn tổ chức \n"
               "thực hiện nghiêm túc Kế hoạch này./.\n")
    assert [(o.actor_normalized, o.task[:10]) for o in obs] == [
        ("Phòng Tư pháp", "Rà soát hư"), ("Hội Nông dân xã", "Vận động h")]


def test_a_directed_body_is_not_the_lead():
    obs = _one(PLAN_HEAD + "1. Đề nghị Hội Cựu chiến binh xã\n"
               "- Chỉ đạo, hướng dẫn Ban Thanh tra nhân dân xã giám sát việc niêm yết công khai.\n"
               "- Yêu cầu Đoàn Thanh niên xã cử đoàn viên tham gia tổ tuyên truyền.\n")
    assert [(o.actor_normalized, o.modality) for o in obs] == [("Hội Cựu chiến binh xã", "request")] * 2


def test_level_comes_from_the_issuing_document():
    text = ("ỦY BAN NHÂN DÂN    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "XÃ PHÚ LỘC    Độc lập - Tự do - Hạnh phúc\nSố: 41/KH-UBND\nKẾ HOẠCH\n"
            "Tuyên truyền pháp luật năm 2026\nIII. TỔ CHỨC THỰC HIỆN\n"
            "1. Công chức Văn phòng - Thống kê\n- Tổng hợp ý kiến của Nhân dân.\n"
            "2. Công chức Tư pháp - Hộ tịch xã\n- Cập nhật tủ sách pháp luật.\n")
    # no issuer given, and a given issuer whose level the document contradicts
    for issuer in (None, "Ủy ban nhân dân thành phố"):
        obs = _one(text, issuer=issuer)
        assert [o.actor_normalized for o in obs] == ["Công chức Văn phòng UBND xã", "Công chức Tư pháp - Hộ tịch"]
        assert obs[0].issuer_scope == "Ủy ban nhân dân xã Phú Lộc"
    obs = _one(text.replace("XÃ PHÚ LỘC", "ĐẶC KHU PHÚ LỘC").replace("Hộ tịch xã", "Hộ tịch"))
    assert obs[0].actor_normalized == "Công chức Văn phòng UBND đặc khu"


def test_issuer_statement_with_a_hyphenated_place():
    text = "KẾ HOẠCH\nỦy ban nhân dân tỉnh Thừa Thiên - Huế xây dựng Kế hoạch như sau:\n"
    wt = normalize(text)
    assert infer_issuer(get_nlp()(wt.nfc), wt) == "Ủy ban nhân dân tỉnh Thừa Thiên - Huế"


def test_report_cue_wrapped_across_lines_is_split_off():
    obs = _one(PLAN_HEAD + "1. Trạm Y tế xã\n- Kiểm tra việc niêm yết giá dịch vụ; định kỳ gửi báo \n\n"
               "cáo kết quả về Ủy ban nhân dân xã trước ngày 30/11/2026.\n"
               "- Thường xuyên tổng \nhợp, báo cáo Văn phòng HĐND và UBND xã.\n")
    assert [o.source for o in obs] == ["org_section", "reporting", "reporting"]
    assert obs[1].reports_to == "Ủy ban nhân dân xã" and obs[2].reports_to == "Văn phòng HĐND và UBND xã"


def test_dash_of_a_wrapped_name_does_not_open_a_bullet():
    obs = _one(PLAN_HEAD + "1. Văn phòng HĐND và UBND xã\n"
               "- Phối hợp với Ủy ban MTTQ và các tổ chức chính trị\n- xã hội xã vận động Nhân dân tham gia.\n"
               "- Ghi chép ý kiến (qua Công chức Văn phòng\n- Thống kê) tại hội nghị.\n")
    assert len(obs) == 2
    assert obs[0].cooperating == ["Ủy ban Mặt trận Tổ quốc xã", "Các tổ chức chính trị - xã hội xã"]


def test_summary_counts_and_agencies_agree_with_the_rows(seed_store):
    from collections import Counter

    from cancu.kg.queries import tasks as tasks_query
    rows = tasks_query.obligations(seed_store)
    summary = tasks_query.obligation_summary(seed_store)
    assert summary.counts == dict(sorted(Counter(r.document for r in rows).items()))
    assert set(summary.agencies) == {r.agency for r in rows if r.agency}


def test_the_obligation_copy_maps_decomposed_text_back_cluster_by_cluster():
    # "Sở" written decomposed (o + horn + hook above), as some exports do: the NFC copy is
    # shorter; every span maps back to whole clusters of the original.
    original = "Giao So\u031b\u0309 Nội vụ;\r\nUBND xã – phường"
    wt = normalize(original)
    assert wt.nfc == "Giao Sở Nội vụ;\r\nUBND xã – phường"
    start = wt.nfc.index("Sở")
    assert wt.to_original(start, start + 2) == (5, 9)
    assert original[slice(*wt.to_original(start, len(wt.nfc)))].startswith("So\u031b\u0309 Nội")
    assert wt.to_original(len(wt.nfc), len(wt.nfc)) == (len(original), len(original))
    # the folded copy: one table of characters; line breaks stay as written
    assert wt.folded.endswith("ubnd xa - phuong") and "\r\n" in wt.folded


def test_one_character_table_for_every_copy():
    from cancu.kg.registry.instruments import symbol_key
    from cancu.nlp.text.normalize import normalize
    # an en dash, a minus sign and a soft hyphen in a symbol: the same key, the same copy
    assert symbol_key("59/2023/NĐ\u2013CP") == symbol_key("59/2023/NĐ\u2212CP") == symbol_key("59/2023/NĐ\u00adCP")
    assert normalize("59/2023/NĐ\u00adCP").text == "59/2023/NĐ-CP"
