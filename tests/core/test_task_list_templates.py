"""The shared task-list pieces (templates/_task_list.html, _task_status.html,
_check_answers.html) that long forms are built from."""

from django.template.loader import render_to_string


def test_a_task_list_links_each_section_and_names_its_status():
    html = render_to_string(
        "_task_list.html",
        {
            "tasks": [
                {"key": "about", "title": "About", "url": "/a/", "status": "completed"},
                {
                    "key": "where",
                    "title": "Where",
                    "url": "/w/",
                    "status": "in_progress",
                    "hint": "Needs a lead government",
                },
                {"key": "contact", "title": "Contact", "url": "", "status": "not_started"},
            ]
        },
    )
    expected = [
        '<a href="/a/" aria-describedby="task-about-status">About</a>',
        'aria-describedby="task-where-status task-where-hint"',
        'id="task-where-hint">Needs a lead government</p>',
        'id="task-about-status">Completed</strong>',
        'id="task-where-status">In progress</strong>',
        'id="task-contact-status">Not started</strong>',
        "<span>Contact</span>",
    ]
    assert [text for text in expected if text not in html] == []


def test_check_answers_lists_each_answer_with_a_change_link():
    html = render_to_string(
        "_check_answers.html",
        {
            "sections": [
                {
                    "key": "about",
                    "title": "About",
                    "change_url": "/a/",
                    "rows": [
                        {"label": "Title", "value": "Fund <b>", "change_url": "/a/#id_title"},
                        {"label": "Countries", "entries": ["Ghana", "Kenya"]},
                        {"label": "Summary", "value": ""},
                    ],
                }
            ]
        },
    )
    assert '<h2 id="check-about">About</h2>' in html
    assert "Fund &lt;b&gt;" in html
    assert '<a href="/a/#id_title">Change<span class="visually-hidden"> title</span></a>' in html
    assert "<li>Ghana</li><li>Kenya</li>" in html
    assert "Not given" in html
