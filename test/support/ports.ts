/** The stack runner's free-port finder serves the tests too. */
export { freePort, freePortRange } from '../../stack/free-port';
