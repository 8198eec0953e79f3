import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.neo4j.cli.AdminTool;
import org.neo4j.cli.ExecutionContext;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;

/**
 * Runs an embedded Neo4j with only the Bolt connector, on loopback.
 *
 * Usage: Launcher HOME PORT PAGECACHE_BYTES [SETTINGS_FILE]
 * Prints "READY bolt://127.0.0.1:PORT" once the database accepts connections,
 * and shuts down cleanly on SIGTERM. SETTINGS_FILE holds further neo4j.conf lines
 * (graph/runtime.py writes the transaction limits there); it is read first, so the
 * connector settings below always win over it.
 *
 * With THBGRAPH_BOLT_PASSWORD_FILE set, Bolt asks for user neo4j and the password in that
 * file: other users of the machine cannot read the graph through the port. The password is
 * given to a new store before its first start (so the default one never answers), and set
 * again at a later start whenever it is not the one last set (a store made before it, or a
 * changed file), so the file stays the truth.
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
        String passwordFile = System.getenv("THBGRAPH_BOLT_PASSWORD_FILE");
        String password = passwordFile == null ? null : Files.readString(Path.of(passwordFile)).strip();
        boolean newStore = !Files.exists(home.resolve("data").resolve("databases").resolve("system"));
        if (password != null && newStore) {
            // Run in this JVM: the password never appears on a command line.
            int status = AdminTool.execute(new ExecutionContext(home, home.resolve("conf")),
                                           "dbms", "set-initial-password", password);
            if (status != 0) {
                System.err.println("could not set the initial Bolt password (exit " + status + ")");
                System.exit(3);
            }
        }
        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home);
        if (args.length == 4) {
            builder.loadPropertiesFromFile(Path.of(args[3]));
        }
        DatabaseManagementService dbms = builder
            .setConfig(BoltConnector.enabled, true)
            .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
            .setConfig(GraphDatabaseSettings.auth_enabled, password != null)
            .setConfig(GraphDatabaseSettings.pagecache_memory, pagecache)
            .setConfig(GraphDatabaseSettings.udc_enabled, false)
            // Otherwise the server side routing connector also listens on 7688.
            .setConfig(GraphDatabaseSettings.routing_enabled, false)
            .build();
        Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown, "neo4j-shutdown"));
        if (password != null) {
            // The digest of the password last set: a restart with the same file skips the reset.
            Path mark = home.resolve("bolt-password.set");
            String digest = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8)));
            boolean current = newStore || (Files.exists(mark) && Files.readString(mark).strip().equals(digest));
            try {
                if (!current) {
                    resetPassword(dbms, password);
                }
                Files.writeString(mark, digest);
            } catch (RuntimeException e) {
                // Never READY with a password other than the file's: the caller sees the exit.
                e.printStackTrace();
                dbms.shutdown();
                System.exit(4);
            }
        }
        System.out.println("READY bolt://127.0.0.1:" + port);
        System.out.flush();
        Thread.currentThread().join();
    }

    private static void resetPassword(DatabaseManagementService dbms, String password) {
        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        GraphDatabaseService graph = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        // A commit on the system database waits briefly for the others (slow to start with plugins).
        if (!system.isAvailable(120_000) || !graph.isAvailable(120_000)) {
            throw new IllegalStateException("the databases did not become available");
        }
        // Neo4j refuses a password equal to the current one: pass through one nobody knows.
        for (String next : new String[] {UUID.randomUUID().toString(), password}) {
            system.executeTransactionally("ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                                          Map.of("password", next));
        }
    }
}
