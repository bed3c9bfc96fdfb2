package runbook.connect;
import java.time.Duration;
public record ConnectOptions(boolean hostKeyChecking, Duration connectTimeout) { public static ConnectOptions defaults() { return new ConnectOptions(true, Duration.ofSeconds(10)); } }
