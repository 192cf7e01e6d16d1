package dk.sagsbro.console;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's CSV: quoted cells, and nothing a spreadsheet would run as a formula. */
class ConsoleCsvTest {

    @Test
    void aCellThatWouldBeAFormulaIsPlainText() {
        assertThat(ConsoleCsv.cell("=HYPERLINK(\"https://evil.example\")"))
                .isEqualTo("\"'=HYPERLINK(\"\"https://evil.example\"\")\"");
        assertThat(ConsoleCsv.cell("+45 1234")).isEqualTo("\"'+45 1234\"");
        assertThat(ConsoleCsv.cell("-1")).isEqualTo("\"'-1\"");
        assertThat(ConsoleCsv.cell("@SUM(A1)")).isEqualTo("\"'@SUM(A1)\"");
        assertThat(ConsoleCsv.cell("Høje-Taastrup (169)")).isEqualTo("\"Høje-Taastrup (169)\"");
        assertThat(ConsoleCsv.cell(null)).isEqualTo("\"\"");
    }

    @Test
    void rowsAreSeparatedAsTheSpreadsheetExpects() {
        ConsoleCsv danish = new ConsoleCsv(';');
        danish.row(List.of("id", "Modtaget"));
        danish.row(List.of("a;b", "æøå"));

        byte[] bytes = danish.bytes(true);

        assertThat(bytes).startsWith((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
        assertThat(new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8))
                .isEqualTo("\"id\";\"Modtaget\"\r\n\"a;b\";\"æøå\"\r\n");
    }
}
