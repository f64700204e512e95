// XML for XPath (`?? xpath`, `{{NAME.response.body.//path}}`): @xmldom/xmldom and xpath,
// loaded at their first use. Most runs never read XML, and loading xmldom builds its
// entity tables (about 15 ms of every CLI run before this). Node's module cache (or the
// bundle's) keeps each package once loaded: nothing is cached here.
import type * as XmlDom from '@xmldom/xmldom';
import type * as XPath from 'xpath';

/** Parses XML text leniently (errors ignored: a broken document reads as what was parsed). */
export function parseXml(text: string): Node {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded at first use (see above)
  const { DOMParser } = require('@xmldom/xmldom') as typeof XmlDom;
  return new DOMParser({ onError: () => undefined }).parseFromString(text, 'text/xml') as unknown as Node;
}

/** The xpath package. */
export function xpathLibrary(): typeof XPath {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded at first use (see above)
  return require('xpath') as typeof XPath;
}
