package dk.sagsbro.console;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A CSV file for spreadsheets: every cell quoted, and a cell that a spreadsheet would run as a formula (one that
 * starts with =, +, -, @, a tab or a carriage return) made plain text with a leading apostrophe.
 */
final class ConsoleCsv {
    private final char separator;
    private final StringBuilder text = new StringBuilder();

    ConsoleCsv(char separator) {
        this.separator = separator;
    }

    void row(List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                text.append(separator);
            }
            text.append(cell(cells.get(i)));
        }
        text.append("\r\n");
    }

    static String cell(String value) {
        String plain = value == null ? "" : value;
        if (!plain.isEmpty() && "=+-@\t\r".indexOf(plain.charAt(0)) >= 0) {
            plain = "'" + plain;
        }
        return '"' + plain.replace("\"", "\"\"") + '"';
    }

    /** @param byteOrderMark whether to begin with one, which spreadsheets take as "this is UTF-8" */
    byte[] bytes(boolean byteOrderMark) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (byteOrderMark) {
            out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        }
        out.writeBytes(text.toString().getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
