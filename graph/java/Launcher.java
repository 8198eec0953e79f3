import java.nio.file.Path;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

/**
 * Runs an embedded Neo4j with only the Bolt connector, on loopback.
 *
 * Usage: Launcher HOME PORT PAGECACHE_BYTES [SETTINGS_FILE]
 * Prints "READY bolt://127.0.0.1:PORT" once the database accepts connections,
 * and shuts down cleanly on SIGTERM. Auth is off in embedded mode, which is why
 * it never listens beyond 127.0.0.1. SETTINGS_FILE holds further neo4j.conf lines
 * (graph/runtime.py writes the transaction limits there); it is read first, so the
 * connector settings below always win over it.
 */
public class Launcher {
    public static void main(String[] args) throws Exception {
        if (args.length != 3 && args.length != 4) {
            System.err.println("usage: Launcher HOME PORT PAGECACHE_BYTES [SETTINGS_FILE]");
            System.exit(2);
        }
        Path home = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        long pagecache = Long.parseLong(args[2]);
        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home);
        if (args.length == 4) {
            builder.loadPropertiesFromFile(Path.of(args[3]));
        }
        DatabaseManagementService dbms = builder
            .setConfig(BoltConnector.enabled, true)
            .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
            .setConfig(GraphDatabaseSettings.pagecache_memory, pagecache)
            .setConfig(GraphDatabaseSettings.udc_enabled, false)
            // Otherwise the server side routing connector also listens on 7688.
            .setConfig(GraphDatabaseSettings.routing_enabled, false)
            .build();
        Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown, "neo4j-shutdown"));
        System.out.println("READY bolt://127.0.0.1:" + port);
        System.out.flush();
        Thread.currentThread().join();
    }
}
