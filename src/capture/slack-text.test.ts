import { describe, expect, it } from 'vitest';
import { decodeSlackText } from './slack-text.js';

describe('decodeSlackText', () => {
  it.each([
    ['web-1 -n prod', 'web-1 -n prod'],
    ['<@U024BE7LH>', '@U024BE7LH'],
    ['<@U024BE7LH|alice>', '@alice'],
    ['<@W024BE7LH>', '@W024BE7LH'],
    ['<#C024BE7LR|prod>', '#prod'],
    ['<#C024BE7LR|>', '#C024BE7LR'],
    ['<#C024BE7LR>', '#C024BE7LR'],
    ['<!here>', '@here'],
    ['<!here|here>', '@here'],
    ['<!channel>', '@channel'],
    ['<!everyone>', '@everyone'],
    ['<!subteam^S012AB3CD|@sre>', '@sre'],
    ['<!subteam^S012AB3CD>', '@S012AB3CD'],
    ['<!date^1392734382^{date_short}|Feb 18, 2014>', 'Feb 18, 2014'],
    ['<http://web-1.shop|web-1.shop>', 'web-1.shop'],
    ['<https://grafana.example.com/d/abc?x=1&amp;y=2>', 'https://grafana.example.com/d/abc?x=1&y=2'],
    ['<https://example.com|a &amp; b>', 'a & b'],
    ['<mailto:sre@example.com|sre@example.com>', 'sre@example.com'],
    ['fd.name=<http://example.com|example.com> and fd.port=80', 'fd.name=example.com and fd.port=80'],
    ['fd.port &gt;= 1024 and fd.port &lt; 2048', 'fd.port >= 1024 and fd.port < 2048'],
    ['a &amp;&amp; b', 'a && b'],
    ['&amp;lt;', '&lt;'],
    ['&quot; &nbsp; &#60;', '&quot; &nbsp; &#60;'],
    ['“proc.name=nginx”', '"proc.name=nginx"'],
    ['„x‟', '"x"'],
    ['‘nginx’', "'nginx'"],
    ['web-1\u00a0-n\u2007prod\u202f30s\u3000x', 'web-1 -n prod 30s x'],
    ['pr\u200bod\ufeff\u2060', 'prod'],
    ['web-1 —namespace prod – x', 'web-1 —namespace prod – x'],
    ['fd.port<1024 and fd.port>80', 'fd.port<1024 and fd.port>80'],
    ['<not markup>', '<not markup>'],
    ['a <@U1> b <#C2|ops> c', 'a @U1 b #ops c'],
  ])('%j → %j', (text, decoded) => {
    expect(decodeSlackText(text)).toBe(decoded);
  });

  it('decodes each entity once, so what the person typed comes back exactly', () => {
    const typed = 'fd.name contains "&lt;" and x > 1 && y < 2';
    const asSlackSendsIt = typed.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    expect(decodeSlackText(asSlackSendsIt)).toBe(typed);
  });
});
