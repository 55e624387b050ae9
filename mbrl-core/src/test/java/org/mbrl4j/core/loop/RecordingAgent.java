package org.mbrl4j.core.loop;

import java.util.ArrayList;
import java.util.List;
import org.mbrl4j.core.Agent;
import org.mbrl4j.core.Transition;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Test agent: always returns action 1 (a discrete index) and records every call in order. */
class RecordingAgent implements Agent {

    final List<String> calls = new ArrayList<>();
    final List<Transition> observed = new ArrayList<>();

    @Override
    public INDArray act(INDArray observation) {
        calls.add("act");
        return Nd4j.scalar(1L);
    }

    @Override
    public void observe(Transition transition) {
        calls.add("observe");
        observed.add(transition);
    }

    @Override
    public void reset() {
        calls.add("reset");
    }

    long count(String call) {
        return calls.stream().filter(call::equals).count();
    }
}
