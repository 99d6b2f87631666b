/**
 * The JVM that packaging/linux/cds-classlist.sh snapshots at installer build time: says it runs,
 * then idles until its stdin closes. Run as a source file (java CdsTrainingTarget.java).
 */
public class CdsTrainingTarget {
    public static void main(String[] args) throws Exception {
        System.out.println("READY");
        System.out.flush();
        while (System.in.read() >= 0) {
            // idle
        }
    }
}
