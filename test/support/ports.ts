/** The stack runner's free-port finder serves the tests too. */
export { freePort } from '../../stack/free-port';
