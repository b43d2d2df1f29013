package org.scx4j.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class RatioChartTest {

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void chartIsWellFormedSvgWithOneBarPerRatio() throws Exception {
        Document doc = parse(RatioChart.render(BenchFixtures.results()));
        Element root = doc.getDocumentElement();
        assertThat(root.getLocalName()).isEqualTo("svg");
        assertThat(root.getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
        NodeList rects = doc.getElementsByTagName("rect");
        // The background, one ratio bar (scx_simple's messaging time; its fairness runs failed)
        // and its three messaging footprint bars.
        assertThat(rects.getLength()).isEqualTo(5);
        Element bar = (Element) rects.item(1);
        assertThat(bar.getAttribute("fill")).isEqualTo("#2e7d32"); // faster than eevdf: green
        assertThat(Double.parseDouble(bar.getAttribute("width"))).isPositive();
        assertThat(doc.getDocumentElement().getTextContent()).contains("0.550x").contains("failed: failed to load")
                .contains("Footprint").contains("2.50 s").contains("209 MiB").contains("0.0200 s/s");
        for (int i = 2; i < 5; i++) {
            Element footprint = (Element) rects.item(i);
            assertThat(footprint.getAttribute("fill")).as("absolute values in one colour").isEqualTo("#1565c0");
            // The only scheduler is the largest of its group: a full-width bar.
            assertThat(Double.parseDouble(footprint.getAttribute("width"))).isEqualTo(430.0);
        }
    }

    @Test
    void worseRatiosAreRedAndBarsGrowFromTheOneLine() throws Exception {
        BenchResults results = BenchFixtures.results();
        // Swap roles: a scheduler twice as slow as eevdf.
        var runs = new java.util.ArrayList<RunRecord>();
        for (RunRecord r : results.runs()) {
            if (r.workload().equals("messaging")) {
                double t = r.scheduler().equals("eevdf") ? 1.0 : 2.0;
                runs.add(BenchFixtures.measured("messaging", r.scheduler(), r.run(), java.util.Map.of("time", t), "x"));
            }
        }
        BenchResults slow = new BenchResults(results.machine(), results.schedulers(), java.util.List.of(new MessagingWorkload()), runs);
        Document doc = parse(RatioChart.render(slow));
        Element bar = (Element) doc.getElementsByTagName("rect").item(1);
        assertThat(bar.getAttribute("fill")).isEqualTo("#c62828");
        assertThat(doc.getDocumentElement().getTextContent()).contains("2.00x");
    }

    @Test
    void textIsEscaped() {
        assertThat(RatioChart.escape("a<b & \"c\"\u0001")).isEqualTo("a&lt;b &amp; &quot;c&quot;");
    }
}
