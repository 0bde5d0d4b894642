package org.spoc.notification;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import org.bson.BsonValue;
import org.spoc.testkit.SpocInfrastructure;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * Records every command a store client sends, by name and collection, so a test can assert how many
 * round trips a piece of work costs (not how long it takes). {@link #template} gives a template on a
 * database of the test's own, so background workers of other tests' Spring contexts never touch it.
 */
public final class StoreCommands implements CommandListener, AutoCloseable {

    /** One command as sent: its name ({@code insert}, {@code findAndModify}, ...) and its collection. */
    public record Command(String name, String collection) {
    }

    private final List<Command> commands = new CopyOnWriteArrayList<>();
    private final MongoClient client;

    public StoreCommands() {
        ConnectionString uri = new ConnectionString(SpocInfrastructure.mongoUri());
        client = MongoClients.create(MongoClientSettings.builder().applyConnectionString(uri)
                .addCommandListener(this).build());
    }

    public MongoTemplate template(String database) {
        return new MongoTemplate(client, database);
    }

    @Override
    public void commandStarted(CommandStartedEvent event) {
        BsonValue target = event.getCommand().get(event.getCommandName());
        commands.add(new Command(event.getCommandName(),
                target != null && target.isString() ? target.asString().getValue() : ""));
    }

    /** How many {@code name} commands went to {@code collection} since the last {@link #reset}. */
    public long count(String name, String collection) {
        return commands.stream().filter(c -> c.name().equalsIgnoreCase(name) && c.collection().equals(collection))
                .count();
    }

    /** Every command sent to {@code collection} since the last {@link #reset}, in order. */
    public List<Command> on(String collection) {
        return commands.stream().filter(c -> c.collection().equals(collection)).toList();
    }

    public void reset() {
        commands.clear();
    }

    @Override
    public void close() {
        client.close();
    }
}
