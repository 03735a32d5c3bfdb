package org.celebadcgan.cli;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.Source;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import java.io.File;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Oozie workflow and the Airflow DAG, checked against their schemas and the launchers' conventions. */
class SchedulersTest {

    private static Source xsd(String name) {
        URL url = SchedulersTest.class.getClassLoader().getResource(name);
        assertNotNull(url, name + " from oozie-client");
        return new StreamSource(url.toExternalForm()); // system id, so xs:include resolves inside the jar
    }

    @Test
    void oozieWorkflowIsValidAndSubmitsLikeTheYarnLauncher() throws Exception {
        var schema = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(new Source[]{xsd("oozie-workflow-1.0.xsd"), xsd("spark-action-1.0.xsd")});
        File wf = new File("submit/oozie/workflow.xml");
        schema.newValidator().validate(new StreamSource(wf)); // throws naming line and column when invalid

        var dbf = DocumentBuilderFactory.newInstance();
        dbf.setNamespaceAware(true);
        Document doc = dbf.newDocumentBuilder().parse(wf);
        Element spark = (Element) doc.getElementsByTagNameNS("uri:oozie:spark-action:1.0", "spark").item(0);
        assertEquals("org.celebadcgan.cli.Main", text(spark, "class"));
        assertTrue(text(spark, "jar").endsWith("celeba-dcgan-spark.jar"));
        List<String> args = new ArrayList<>();
        NodeList argNodes = spark.getElementsByTagNameNS("uri:oozie:spark-action:1.0", "arg");
        for (int i = 0; i < argNodes.getLength(); i++) {
            args.add(argNodes.item(i).getTextContent());
        }
        assertEquals(List.of("train", "--config", "cluster-gpu.conf"), args);
        String opts = text(spark, "spark-opts");
        String yarn = Files.readString(Path.of("submit/yarn.sh"));
        for (String conf : new String[]{"spark.executor.resource.gpu.amount=1", "spark.task.resource.gpu.amount=1",
                "spark.executor.resource.gpu.discoveryScript=./getGpusResources.sh"}) {
            assertTrue(opts.contains(conf) && yarn.contains(conf), conf);
        }
        String jvm = String.join(" ", Files.readAllLines(Path.of("submit/jvm-options")));
        assertTrue(opts.contains("spark.driver.extraJavaOptions=" + jvm), "Java 17 options as the launchers'");
        assertTrue(opts.contains("spark.executor.extraJavaOptions=" + jvm));
        String props = Files.readString(Path.of("submit/oozie/job.properties"));
        for (String var : new String[]{"nameNode=", "resourceManager=", "appRoot=", "oozie.wf.application.path=",
                "executors="}) {
            assertTrue(props.contains(var), var);
        }
    }

    @Test
    void airflowDagPassesItsAstChecks() throws Exception {
        Process p = new ProcessBuilder("python3", "submit/airflow/test_dag.py").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("Ran 4 tests") && out.contains("OK"), out);
    }

    private static String text(Element parent, String name) {
        return parent.getElementsByTagNameNS("uri:oozie:spark-action:1.0", name).item(0).getTextContent().trim();
    }
}
