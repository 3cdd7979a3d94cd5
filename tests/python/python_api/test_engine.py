"""The discrete-event engine with Python callbacks."""

import pytest

import stacksim


def test_events_run_in_time_then_insertion_order():
    e = stacksim.Engine()
    log = []
    e.schedule_at(2.0, lambda: log.append(("b", e.now)))
    e.schedule_at(1.0, lambda: log.append(("a", e.now)))
    e.schedule_at(2.0, lambda: log.append(("c", e.now)))
    dropped = e.schedule_after(1.5, lambda: log.append(("never", e.now)))
    assert dropped.time == 1.5
    assert e.cancel(dropped)
    e.schedule_at(3.0, lambda: e.schedule_after(0.5, lambda: log.append(("d", e.now))))
    assert e.run_until(2.0) == 3 and e.now == 2.0
    assert e.run_until_idle() == 2
    assert log == [("a", 1.0), ("b", 2.0), ("c", 2.0), ("d", 3.5)]
    assert not e.step() and e.events_processed == 5 and e.pending == 0


def test_callback_errors_propagate_and_bad_times_are_refused():
    e = stacksim.Engine()
    e.schedule_at(1.0, lambda: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        e.run_until_idle()
    with pytest.raises(ValueError):
        e.schedule_at(-1.0, lambda: None)
    with pytest.raises(ValueError):
        e.schedule_after(float("nan"), lambda: None)
    with pytest.raises(TypeError):
        e.schedule_at(1.0, "not callable")
