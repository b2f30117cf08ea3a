package org.nself.incident.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {

    @Test
    void placeholdersAreFilledAndUnknownOnesRenderEmpty() {
        String out = Template.render(
                "{{incident.ref}}: {{ incident.title }} {{nope}}!",
                Map.of("incident.ref", "INC-7", "incident.title", "DB down"),
                false);

        assertThat(out).isEqualTo("INC-7: DB down !");
    }

    @Test
    void jsonBodiesGetEscapedValuesSoATitleCannotBreakTheDocument() {
        String out =
                Template.render("{\"text\":\"{{incident.title}}\"}", Map.of("incident.title", "a\"b\\c\n$1"), true);

        assertThat(out).isEqualTo("{\"text\":\"a\\\"b\\\\c\\n$1\"}");
    }
}
