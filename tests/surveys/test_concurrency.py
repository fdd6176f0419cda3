"""Two answers to one invitation at the same moment: the row lock lets only one count."""

import threading

import pytest
from django.db import connection

from makin.channels import Channel
from surveys import services
from surveys.models import DailyAnswers, Response
from tests.factories import BeneficiaryFactory, answers_for, published_survey


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_answers_count_once():
    version = published_survey()
    invitation = services.invitation_create(
        beneficiary=BeneficiaryFactory(), channel=Channel.PHONE, staff=None
    )
    answers = answers_for(version, overall=5, speed=5, recommend=True)
    barrier = threading.Barrier(2)
    outcomes = []

    def answer():
        try:
            barrier.wait()
            services.response_submit(invitation=invitation, answers=answers)
            outcomes.append("counted")
        except services.InvitationUnavailable:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=answer) for _n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["counted", "refused"]
    assert Response.objects.count() == 1
    assert DailyAnswers.objects.get(question__code="overall").r5 == 1
