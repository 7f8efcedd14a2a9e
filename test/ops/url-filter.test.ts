import { Ajv } from 'ajv'
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, it } from 'node:test'
import { urlFilter, type UrlFilterConfig } from '../../src/ops/filters/url.ts'
import type { FilterOperator } from '../../src/ops/operator.ts'
import { tempDir } from '../helpers/temp-dir.ts'

const dir = tempDir()
const domainsFile = path.join(dir, 'domains.txt')
const urlsFile = path.join(dir, 'urls.txt')
writeFileSync(domainsFile, '# blocked sites\nexample.com\n\n  Spam.TEST.  \nbad.example.org\n#comment.net\n')
writeFileSync(urlsFile, '# single pages\nhttps://good.org/leaked/page?id=7\n  http://blog.net/post  \n')

const filter = (config: Partial<UrlFilterConfig>) =>
  urlFilter.create({ column: 'url', banned_words: [], soft_banned_words: [], soft_word_threshold: 2, banned_subwords: [], ...config }) as FilterOperator
const check = (op: FilterOperator, ...urls: unknown[]) => op.check(urls.map((url) => ({ url })))

describe('filter.url', () => {
  const lists = filter({ domains_file: domainsFile, urls_file: urlsFile })

  it('drops a listed domain and every subdomain of it, and keeps its look-alikes', () => {
    assert.deepEqual(check(lists, 'https://example.com/', 'http://ads.example.com/x', 'https://a.b.example.com:8080/p?q=1', 'https://notexample.com/', 'https://example.com.evil.io/', 'https://example.co/'), [
      'domain', 'domain', 'domain', null, null, null,
    ])
  })

  it('blocks a listed subdomain without blocking its parent or siblings', () => {
    assert.deepEqual(check(lists, 'https://bad.example.org/', 'https://x.bad.example.org/', 'https://example.org/', 'https://good.example.org/'), ['domain', 'domain', null, null])
  })

  it('matches domains ignoring case, trailing dots, user info and ports', () => {
    assert.deepEqual(check(lists, 'HTTPS://WWW.EXAMPLE.COM/Page', 'http://spam.test./', 'ftp://user:pw@mail.spam.test:21/f', 'spam.test/no-scheme', '//cdn.Example.com/lib.js'), [
      'domain', 'domain', 'domain', 'domain', 'domain',
    ])
  })

  it('skips comment and blank lines of the lists', () => {
    assert.deepEqual(check(lists, 'https://comment.net/', 'https://www.good.org/'), [null, null])
  })

  it('drops a listed URL as written, and keeps others on the same site', () => {
    assert.deepEqual(check(lists, 'https://good.org/leaked/page?id=7', 'http://blog.net/post', 'https://good.org/leaked/page?id=8', 'http://blog.net/post/'), ['url', 'url', null, null])
  })

  it('keeps a document whose URL is null, missing, empty or not a string', () => {
    assert.deepEqual(lists.check([{ url: null }, {}, { url: '' }, { url: 42 }]), [null, null, null, null])
  })

  it('reads the URL from the configured column', () => {
    const op = filter({ column: 'source', domains_file: domainsFile })
    assert.deepEqual(op.check([{ source: 'https://example.com/', url: 'https://fine.org/' }, { source: 'https://fine.org/', url: 'https://example.com/' }]), ['domain', null])
  })

  it('drops a URL with a banned word among its words, ignoring case, but not inside a longer word', () => {
    const op = filter({ banned_words: ['casino', 'XXX'] })
    assert.deepEqual(check(op, 'https://best-casino.io/', 'https://site.com/Casino/play', 'https://site.com/?tag=xxx', 'https://casinos.io/', 'https://site.com/occasion'), [
      'hard_blacklisted', 'hard_blacklisted', 'hard_blacklisted', null, null,
    ])
  })

  it('drops a URL with soft_word_threshold distinct soft words', () => {
    const op = filter({ soft_banned_words: ['free', 'bonus', 'win'], soft_word_threshold: 2 })
    assert.deepEqual(check(op, 'https://free-bonus.io/', 'https://win.io/free', 'https://free.io/free/free', 'https://bonus.io/'), ['soft_blacklisted', 'soft_blacklisted', null, null])
  })

  it('drops a URL containing a banned subword once only letters and digits remain', () => {
    const op = filter({ banned_subwords: ['sex-shop', 'Warez'] })
    assert.deepEqual(check(op, 'https://www.sexshop.com/', 'https://sex.shop.example/', 'https://x.io/free-WAREZ-here', 'https://x.io/sex/and/shopping'), [
      'blacklisted_subword', 'blacklisted_subword', 'blacklisted_subword', null,
    ])
  })

  it("checks in datatrove's order: domain, url, banned words, soft words, subwords", () => {
    const op = filter({ domains_file: domainsFile, urls_file: urlsFile, banned_words: ['casino'], soft_banned_words: ['free', 'win'], banned_subwords: ['warez'] })
    assert.deepEqual(check(op, 'https://example.com/casino', 'http://blog.net/post', 'https://x.io/casino/free/win', 'https://x.io/free/win/warez', 'https://x.io/warez'), [
      'domain', 'url', 'hard_blacklisted', 'soft_blacklisted', 'blacklisted_subword',
    ])
  })

  it('refuses a list file it cannot read, naming the option and the file', () => {
    const missing = path.join(dir, 'missing.txt')
    assert.throws(() => filter({ domains_file: missing }), { name: 'StrataError', code: 'invalid_argument', message: `filter.url: domains_file '${missing}' cannot be read (ENOENT)` })
    const folder = path.join(dir, 'folder')
    mkdirSync(folder)
    assert.throws(() => filter({ urls_file: folder }), { code: 'invalid_argument', message: `filter.url: urls_file '${folder}' cannot be read (EISDIR)` })
  })

  it('refuses a configuration with nothing to filter on', () => {
    assert.throws(() => filter({}), {
      code: 'invalid_argument',
      message: 'filter.url: nothing to filter on; give domains_file, urls_file, banned_words, soft_banned_words or banned_subwords',
    })
  })

  it('has a schema that fills the defaults and refuses a banned word that is not letters and digits', () => {
    const validate = new Ajv({ allErrors: true, useDefaults: true, strict: false }).compile(urlFilter.config)
    const config: Record<string, unknown> = { domains_file: 'domains.txt' }
    assert.equal(validate(config), true)
    assert.deepEqual(config, { domains_file: 'domains.txt', column: 'url', banned_words: [], soft_banned_words: [], soft_word_threshold: 2, banned_subwords: [] })
    assert.equal(validate({ banned_words: ['sex-shop'] }), false)
    assert.equal(validate({ banned_subwords: ['--'] }), false)
  })
})
