package org.mbrl4j.algorithms.mbpo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RolloutScheduleTest {

    @Test
    void truncatedLinearMatchesHandValues() {
        // [20, 100, 1, 15]: flat 1 to epoch 20, then 1 + (e - 20) / 80 * 14, floored, 15 from epoch 100.
        RolloutSchedule s = new RolloutSchedule(20, 100, 1, 15);
        assertEquals(1, s.length(1));
        assertEquals(1, s.length(20));
        assertEquals(1, s.length(25)); // 1 + 5/80*14 = 1.875
        assertEquals(2, s.length(26)); // 1 + 6/80*14 = 2.05
        assertEquals(8, s.length(60)); // 1 + 40/80*14 = 8
        assertEquals(14, s.length(99)); // 1 + 79/80*14 = 14.825
        assertEquals(15, s.length(100));
        assertEquals(15, s.length(1000));
        // Decreasing schedules are allowed too: [0, 4, 5, 1] -> 5, 4, 3, 2, 1.
        RolloutSchedule d = new RolloutSchedule(0, 4, 5, 1);
        assertEquals(5, d.length(0));
        assertEquals(4, d.length(1));
        assertEquals(3, d.length(2));
        assertEquals(1, d.length(4));
    }

    @Test
    void modelCapacityFollowsRetention() {
        MbpoConfig c = MbpoConfig.pendulum();
        // 1 epoch x k x (400 * 200) rollouts x ceil(200 / 200) trainings
        assertEquals(80_000, c.modelCapacity(1));
        assertEquals(240_000, c.modelCapacity(3));
    }

    @Test
    void rejectsBadSchedules() {
        assertThrows(IllegalArgumentException.class, () -> new RolloutSchedule(5, 5, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> new RolloutSchedule(0, 5, 0, 2));
    }
}
