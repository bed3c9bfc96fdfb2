package runbook.connect;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.Message;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AbstractAuthMethod;

/**
 * "publickey" login with one key the ssh-agent holds (RFC 4252 section 7): asks the host whether it
 * takes the key, and only then has the agent sign, so that the agent is not asked to sign for keys
 * the host would refuse. An RSA key signs with SHA-512, then SHA-256 when the host refuses that:
 * current OpenSSH servers no longer accept SHA-1 ("ssh-rsa") signatures.
 */
final class AgentAuth extends AbstractAuthMethod {
  private final Agent agent;
  private final Agent.Identity identity;
  /** The algorithms left to try, the current one first. */
  private final Deque<String> algorithms;

  private AgentAuth(Agent agent, Agent.Identity identity, List<String> algorithms) {
    super("publickey");
    this.agent = agent;
    this.identity = identity;
    this.algorithms = new ArrayDeque<>(algorithms);
  }

  /** The login method for one of the agent's keys. */
  static AgentAuth of(Agent agent, Agent.Identity identity) {
    return new AgentAuth(agent, identity,
        identity.type().equals("ssh-rsa") ? List.of("rsa-sha2-512", "rsa-sha2-256") : List.of(identity.type()));
  }

  @Override
  public void request() throws UserAuthException, TransportException {
    params.getTransport().write(publickey(false));
  }

  @Override
  public void handle(Message msg, SSHPacket buf) throws UserAuthException, TransportException {
    if (msg != Message.USERAUTH_60) {
      super.handle(msg, buf);
      return;
    }
    SSHPacket request = publickey(true);
    byte[] signed = new Buffer.PlainBuffer().putString(params.getTransport().getSessionID()).putBuffer(request).getCompactData();
    try {
      // the agent's answer is already the signature blob the protocol wants: string algorithm, string signature
      request.putString(agent.sign(identity.blob(), signed, algorithms.peek()));
    } catch (IOException e) {
      throw new UserAuthException(e.getMessage(), e);
    }
    params.getTransport().write(request);
  }

  @Override
  public boolean shouldRetry() {
    algorithms.poll();
    return !algorithms.isEmpty();
  }

  private SSHPacket publickey(boolean signed) throws UserAuthException {
    SSHPacket request = buildReq();
    request.putBoolean(signed).putString(algorithms.peek()).putString(identity.blob());
    return request;
  }
}
