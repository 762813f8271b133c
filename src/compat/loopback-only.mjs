/**
 * Preloaded (`node --import`) into the emulators `kcs compat` starts: every TCP server of the process listens
 * on 127.0.0.1 only. Neither CLI has a host option (kinesalite calls `listen(port)`, kinesis-mock binds `::`),
 * and a test tool should not open ports on every interface of the machine it runs on.
 */
import net from 'node:net';

const LOOPBACK = '127.0.0.1';
const listen = net.Server.prototype.listen;

net.Server.prototype.listen = function listenOnLoopback(...args) {
  const [first] = args;
  if (typeof first === 'object' && first !== null && 'port' in first) {
    // listen({ port, host?, ... })
    args[0] = { ...first, host: LOOPBACK };
  } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    // listen(port[, host][, backlog][, callback])
    const rest = args.slice(1);
    if (typeof rest[0] === 'string') rest.shift();
    args = [Number(first), LOOPBACK, ...rest];
  }
  return listen.apply(this, args);
};
