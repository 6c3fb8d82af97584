"""What a WaRP form says about a date it cannot read and about too much text: what to do, not Django's
"Enter a valid date." and "Ensure this value has at most …"."""

from django import forms

from warp.core.forms import WarpForm


class Form(WarpForm):
    held_on = forms.DateField(label="Date it was held")
    names = forms.CharField(label="Names", max_length=10, required=False)
    own = forms.DateField(label="Own", required=False, error_messages={"invalid": "Our own words."})


def test_a_date_it_cannot_read_asks_for_a_real_date_written_as_the_field_shows_it():
    form = Form({"held_on": "31/02/2026"})
    assert form.errors["held_on"] == ["Enter a real date as day/month/year, for example 15/01/2026."]


def test_too_much_text_says_how_much_to_shorten_it_and_keeps_what_was_typed():
    form = Form({"held_on": "15/01/2026", "names": "x" * 14})
    assert form.errors["names"] == ["Shorten this to 10 characters or fewer (it has 14)."]
    assert 'value="xxxxxxxxxxxxxx"' in str(form["names"])


def test_a_form_keeps_its_own_message_for_a_date_it_cannot_read():
    assert Form({"held_on": "15/01/2026", "own": "soon"}).errors["own"] == ["Our own words."]


class Numbers(WarpForm):
    people = forms.IntegerField(label="People", min_value=0, max_value=500)
    minutes = forms.IntegerField(
        label="Minutes", min_value=1, error_messages={"min_value": "At least a minute."}
    )
    link = forms.URLField(label="Link", required=False, assume_scheme="https")


def test_a_number_out_of_range_says_the_number_to_write():
    form = Numbers({"people": "-5", "minutes": "0"})
    assert form.errors["people"] == ["Enter 0 or more."]
    assert form.errors["minutes"] == ["At least a minute."]
    assert Numbers({"people": "501", "minutes": "3"}).errors["people"] == ["Enter 500 or less."]


def test_a_link_that_is_not_a_web_address_says_how_to_write_one():
    form = Numbers({"people": "1", "minutes": "3", "link": "not a link"})
    assert form.errors["link"] == [
        "Enter the whole web address, starting https://, for example https://example.org/talk."
    ]


def test_an_email_address_in_the_wrong_form_shows_one_in_the_right_form():
    class Contact(WarpForm):
        email = forms.EmailField(label="Email")

    assert Contact({"email": "nope"}).errors["email"] == [
        "Enter an email address in the right form, for example name@example.org."
    ]


class _FormAddingAField(WarpForm):
    """As the service-use form does: a box per service, added in __init__."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visits"] = forms.IntegerField(label="Visits", required=False)
        self.fields["note"] = forms.CharField(label="Note", required=False)


def test_a_field_a_form_adds_in_its_own_init_is_styled_and_checked_like_the_rest():
    form = _FormAddingAField(data={"visits": "2", "note": "one\x07two"})
    assert 'class="nhsuk-input"' in str(form["visits"])  # unstyled, the box was 20 px tall
    assert not form.is_valid() and "control characters" in form.errors["note"][0]
    assert str(form["visits"]).count("nhsuk-input") == 1  # shown twice, dressed once
