import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import make_student
from warp.students.models import PostcodeDistrict
from warp.students.services import NotEligible, postcode_district_add, postcode_district_remove

pytestmark = pytest.mark.django_db


def test_seeded_service_area_is_dorsets_bh_and_dt_districts():
    codes = set(PostcodeDistrict.objects.values_list("code", flat=True))
    assert {"BH1", "BH25", "BH31", "DT1", "DT11"} <= codes
    assert "BH26" not in codes and len(codes) == 37


def test_adding_a_district_lets_its_residents_register():
    with pytest.raises(NotEligible):
        make_student(postcode="SP1 1AA")
    postcode_district_add(code=" sp1 ")
    assert make_student(postcode="sp1 1aa").postcode == "SP1 1AA"


def test_adding_a_whole_area_covers_every_district_in_it():
    postcode_district_add(code="EX")
    assert make_student(postcode="EX39 1AA").pk


def test_adding_nonsense_or_a_duplicate_is_refused():
    with pytest.raises(ValidationError):
        postcode_district_add(code="BH1 1AA")
    with pytest.raises(ValidationError):
        postcode_district_add(code="bh1")


def test_removing_a_district_stops_new_registrations_from_it():
    postcode_district_remove(district=PostcodeDistrict.objects.get(code="DT4"))
    with pytest.raises(NotEligible):
        make_student(postcode="DT4 7AA")


def test_the_last_district_cannot_be_removed():
    PostcodeDistrict.objects.exclude(code="BH1").delete()
    with pytest.raises(ValidationError):
        postcode_district_remove(district=PostcodeDistrict.objects.get())


def test_manager_adds_and_removes_districts_on_the_page(client_for):
    client = client_for("centre_manager")
    url = reverse("students:service-area")
    assert client.post(url, {"action": "add", "code": "sp2"}).status_code == 302
    assert PostcodeDistrict.objects.filter(code="SP2").exists()
    response = client.post(url, {"action": "add", "code": "not one"})
    assert "Enter a postcode district like BH21" in response.content.decode()
    assert "not one" in response.content.decode()
    district = PostcodeDistrict.objects.get(code="SP2")
    client.post(url, {"action": "remove", "district": district.pk})
    assert not PostcodeDistrict.objects.filter(code="SP2").exists()


def test_service_area_page_query_count(client_for, django_assert_max_num_queries):
    client = client_for("administrator")
    # session, user, the districts
    with django_assert_max_num_queries(3):
        assert client.get(reverse("students:service-area")).status_code == 200
