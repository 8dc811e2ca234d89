package dev.lifeline.mgmt.cwmp;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SIP account instance numbers the agent keeps (TR-069: never renumbered, never reused). */
class AgentStateTest {
    @Test
    void deletingTheMiddleAccountKeepsTheOthersNumbersAcrossARestartAndNewOnesNeverReuseIt(@TempDir Path data) {
        AgentState s = new AgentState(data);
        assertEquals(Map.of("7000", 1, "7001", 2, "7002", 3), s.accountInstances(List.of("7000", "7001", "7002")),
                "the first time: config order");
        assertEquals(Map.of("7000", 1, "7002", 3), s.accountInstances(List.of("7000", "7002")), "7001 deleted: 7002 stays 3");

        AgentState restarted = new AgentState(data);
        assertEquals(Map.of("7000", 1, "7002", 3, "7003", 4), restarted.accountInstances(List.of("7000", "7002", "7003")),
                "a new user takes 4, not the deleted 2");
        assertEquals(5, restarted.takeAccountInstance(), "AddObject takes the next never-used number");
        restarted.account(5, "7005");
        restarted.account(3, "7102"); // account 3 renumbered by the ACS
        assertEquals(Map.of("7000", 1, "7102", 3, "7003", 4, "7005", 5),
                new AgentState(data).accountInstances(List.of("7000", "7102", "7003", "7005")));
        assertEquals("7102", new AgentState(data).accountExtension(3));
        assertNull(new AgentState(data).accountExtension(2));
    }

    @Test
    void aUserRenumberedOutsideTr069IsANewAccount(@TempDir Path data) {
        AgentState s = new AgentState(data);
        s.accountInstances(List.of("7000", "7001"));
        // a controller push renamed 7001 to 7101: the agent cannot tell it from delete + add
        assertEquals(Map.of("7000", 1, "7101", 3), s.accountInstances(List.of("7000", "7101")));
    }
}
