import java.nio.file.Path;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

/**
 * Runs an embedded Neo4j with only the Bolt connector, on loopback.
 *
 * Usage: Launcher HOME PORT PAGECACHE_BYTES
 * Prints "READY bolt://127.0.0.1:PORT" once the database accepts connections,
 * and shuts down cleanly on SIGTERM. Auth is off in embedded mode, which is why
 * it never listens beyond 127.0.0.1.
 */
public class Launcher {
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: Launcher HOME PORT PAGECACHE_BYTES");
            System.exit(2);
        }
        Path home = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        long pagecache = Long.parseLong(args[2]);
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
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
