// EPUBCheck kept warm for the tests: reads an EPUB's path per line on stdin, validates it, and
// answers with EPUBCheck's own JSON report (as `epubcheck --json -` writes it), then a line
// holding only END. One JVM checks every EPUB of a test process: starting EPUBCheck and
// compiling its schemas costs several seconds, checking one of studyguide's EPUBs about one.
import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.reporting.CheckingReport;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

public class EpubCheckServer {
  public static void main(String[] arguments) throws Exception {
    BufferedReader input =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    PrintWriter output =
        new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    String path;
    while ((path = input.readLine()) != null) {
      StringWriter json = new StringWriter();
      try (PrintWriter writer = new PrintWriter(json)) {
        CheckingReport report = new CheckingReport(writer, path);
        report.initialize();
        new EpubCheck(new File(path), report).doValidate();
        report.generate();
      }
      output.println(json.toString().strip());
      output.println("END");
    }
  }
}
