from rest_framework.pagination import PageNumberPagination


class Pages(PageNumberPagination):
    """Lists come PAGE_SIZE rows at a time (?page=2 for the next), as the student list page does."""

    page_size = 50
