package io.cspwebsocket.tck.broken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fails the build unless the TCK rejected every broken adapter: each defect's verification must
 * have run at least one test and seen at least one failure or error. Reads the failsafe summary
 * that each defect's run wrote to {@code <reports>/<name>/failsafe-summary.xml}.
 */
public final class BrokenAdapterVerdict {

    private BrokenAdapterVerdict() {
    }

    /**
     * @param args the directory holding one report directory per defect
     * @throws IOException if a summary cannot be read
     */
    public static void main(String[] args) throws IOException {
        Path reports = Path.of(args[0]);
        List<String> passed = new ArrayList<>();
        for (BrokenAdapters.Defect defect : BrokenAdapters.ALL) {
            Path summary = reports.resolve(defect.name()).resolve("failsafe-summary.xml");
            if (!Files.exists(summary)) {
                passed.add(defect.name() + ": no TCK run (" + summary + " is missing)");
                continue;
            }
            String xml = Files.readString(summary, StandardCharsets.UTF_8);
            int completed = count(xml, "completed");
            int failed = count(xml, "failures") + count(xml, "errors");
            if (completed == 0 || failed == 0) {
                passed.add(defect.name() + ": " + defect.verification() + " ran " + completed + " tests and all passed against an adapter where "
                        + defect.what());
            } else {
                System.out.println("rejected by the TCK: " + defect.name() + " (" + failed + " of " + completed + " tests of "
                        + defect.verification() + " failed: " + defect.what() + ")");
            }
        }
        if (!passed.isEmpty()) {
            System.err.println("The TCK did not reject every broken adapter:\n  " + String.join("\n  ", passed));
            System.exit(1);
        }
    }

    private static int count(String xml, String element) {
        Matcher matcher = Pattern.compile("<" + element + ">(\\d+)</" + element + ">").matcher(xml);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    }
}
