package dev.atconnector.ingest.setup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConnectorPrivilegesTest {
  @Test
  void theReadmeTableIsTheOneGeneratedFromTheGrants() throws IOException {
    Path readme = Path.of("").toAbsolutePath();
    while (!Files.isRegularFile(readme.resolve("README.md")) || !Files.isDirectory(readme.resolve("connector"))) {
      readme = readme.getParent();
    }
    String text = Files.readString(readme.resolve("README.md"), StandardCharsets.UTF_8);
    int start = text.indexOf("\n", text.indexOf("<!-- privileges:start")) + 1;
    int end = text.indexOf("<!-- privileges:end -->");
    assertThat(text.substring(start, end))
        .as("README.md's privilege table; paste the expected text between the privileges markers")
        .isEqualTo(ConnectorPrivileges.markdownTable());
  }

  @Test
  void theRoleGroupsTheGrantsByIndexAndTheApiKeyBodyCarriesItAsARoleDescriptor() throws IOException {
    ConnectorPrivileges.Role role = ConnectorPrivileges.role("logs-at-", "ckpt");
    String expected = "{\"cluster\":[\"monitor\",\"manage_index_templates\",\"manage_ilm\"],\"indices\":["
        + "{\"names\":[\"logs-at-*\"],\"privileges\":[\"create_doc\",\"create_index\",\"read\",\"maintenance\","
        + "\"delete\",\"index\"]},"
        + "{\"names\":[\"logs-ibmcloud.activity_tracker-*\"],\"privileges\":[\"create_doc\",\"auto_configure\","
        + "\"read\",\"maintenance\",\"delete\"]},{\"names\":[\"ckpt\"],\"privileges\":[\"read\",\"index\","
        + "\"create_index\",\"view_index_metadata\",\"maintenance\"]},"
        + "{\"names\":[\"at-connector-setup\"],\"privileges\":[\"read\",\"index\",\"create_index\"]}]}";
    assertThat(role.toJson()).isEqualTo(new ObjectMapper().readTree(expected));
    assertThat(role.apiKeyRequest("at-connector").toString())
        .isEqualTo("{\"name\":\"at-connector\",\"role_descriptors\":{\"at-connector\":" + expected + "}}");
    assertThat(role.without("logs-at-*", "create_doc").indices().get("logs-at-*")).doesNotContain("create_doc")
        .contains("create_index");
    assertThat(role.without(null, "monitor").cluster()).containsExactly("manage_index_templates", "manage_ilm");
  }
}
