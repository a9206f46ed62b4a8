"""The word lists of obligation_actors.tsv that the layout and actor rules read, on real lines."""
from cancu.nlp.obligations.actors import actor_only, lower
from cancu.nlp.obligations.members import expand_member
from cancu.nlp.obligations.layout import blocks
from cancu.nlp.obligations.admin import _ATTACHED
from cancu.nlp.obligations.run import attached_plan_start
from cancu.nlp.text.normalize import normalize
from cancu.nlp.obligations.vocab import actor_phrases, raw_cues, word_alternation


def _address_blocks(text: str) -> list[str]:
    return [text[b.start:b.end] for b in blocks(text)]


def test_address_line_ending_in_an_open_word_goes_on():
    # two real address lines (realdocs a8b680520cc297f0 and another Công văn), each cut
    # after a word of kind open_end: the capitalised next line is the same addressee
    for text in ("Kính gửi: Bộ trưởng, Thủ trưởng các cơ quan ngang Bộ, cơ quan thuộc\nChính phủ\n",
                 "Kính gửi: Thủ trưởng các cơ quan tham mưu, quản lý nhà nước thuộc\nBộ\n"):
        assert len(_address_blocks(text)) == 1, text


def test_address_line_ending_in_a_name_is_closed():
    text = "Kính gửi: Sở Tài chính\nỦy ban nhân dân các xã\n"
    assert len(_address_blocks(text)) == 2


def test_every_open_word_keeps_the_address_open():
    words = word_alternation("open_end")
    for w in ("thuộc", "của", "và", "tại", "các", "ngang"):
        assert w in words
        text = f"Kính gửi: Sở Tài chính {w}\nTỉnh\n"
        assert len(_address_blocks(text)) == 1, w


def test_a_heading_with_a_sentence_word_is_no_actor():
    # "1. Sở Tài chính đã …" reads as a sentence; "có liên quan" stays part of a name
    for heading, is_actor in (("Sở Tài chính", True), ("Sở Tài chính đã", False),
                              ("Các cơ quan có liên quan", True)):
        found = actor_only(heading, lower(heading), 0, len(heading))
        assert (found is not None) == is_actor, heading


def test_every_plural_head_spreads_over_its_names():
    # a real addressee (a Công điện): "Bộ trưởng các Bộ: Quốc phòng, Công an, …, Y tế"
    assert expand_member("Bộ trưởng các Bộ: Quốc phòng, Công an, Xây dựng") == [
        "Bộ trưởng Bộ Quốc phòng", "Bộ trưởng Bộ Công an", "Bộ trưởng Bộ Xây dựng"]
    for head in actor_phrases("plural_head"):
        assert expand_member(f"Thủ trưởng các {head}: Tài chính, Nội vụ") == [
            f"Thủ trưởng {head} Tài chính", f"Thủ trưởng {head} Nội vụ"], head


def test_the_names_of_a_plural_head_go_on_over_the_next_line():
    text = "Kính gửi:\n- Bộ trưởng các Bộ:\nQuốc phòng, Công an, Y tế;\n"
    assert any("Quốc phòng" in text[b.start:b.end] and "Bộ trưởng" in text[b.start:b.end]
               for b in blocks(text))


def test_every_attached_plan_title_opens_the_plan():
    for word in raw_cues()["attached_plan"]:
        text = ("QUYẾT ĐỊNH\nĐiều 1. Ban hành kèm theo Quyết định này.\n"
                f"{word.upper()}\nThực hiện nhiệm vụ năm 2026\n"
                "III. TỔ CHỨC THỰC HIỆN\n1. Sở Tài chính chủ trì, theo dõi việc thực hiện.\n")
        assert attached_plan_start(normalize(text)) == text.index(word.upper()), word
    # the word in a sentence, in lower case, is no title
    text = ("Điều 1. Ban hành kèm theo Quyết định này.\nKế hoạch thực hiện nhiệm vụ năm 2026\n"
            "III. TỔ CHỨC THỰC HIỆN\n1. Sở Tài chính chủ trì.\n")
    assert attached_plan_start(normalize(text)) is None


def test_every_attached_title_reopens_the_body():
    # a real one (realdocs 5a80798bbf985e87): "QUY CHẾ" alone on its line, its subject under it
    assert _ATTACHED.match("QUY CHẾ")
    for word in raw_cues()["attached_title"]:
        assert _ATTACHED.match(f"{word.upper()} PHỐI HỢP GIỮA CÁC CƠ QUAN"), word
        assert not _ATTACHED.match(f"{word.capitalize()} phối hợp giữa các cơ quan"), word
