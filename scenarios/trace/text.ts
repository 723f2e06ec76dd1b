/**
 * Customers and ticket texts for a trace, from @faker-js/faker seeded per
 * ticket: the same seed and ticket id give the same text on any machine,
 * whatever else is generated. E-mail addresses use reserved example domains
 * so a helpdesk never mails a real person.
 */
import { base, en, Faker, zh_CN } from '@faker-js/faker';

export const LOCALES = ['en', 'zh_CN'] as const;
export type TraceLocale = (typeof LOCALES)[number];

const OBJECTS: Record<TraceLocale, string[]> = {
  en: [
    'expense report',
    'invoice',
    'reimbursement',
    'approval flow',
    'VAT receipt',
    'budget',
    'payment batch',
    'travel request',
    'ledger export',
    'single sign-on',
  ],
  zh_CN: [
    '报销单',
    '发票',
    '报销款',
    '审批流程',
    '增值税发票',
    '预算',
    '付款批次',
    '差旅申请',
    '总账导出',
    '单点登录',
  ],
};
const PROBLEMS: Record<TraceLocale, string[]> = {
  en: [
    'fails to sync',
    'shows the wrong total',
    'is stuck in approval',
    'returns error 500',
    'cannot be submitted',
    'is missing after the update',
    'takes minutes to load',
  ],
  zh_CN: [
    '同步失败',
    '金额显示错误',
    '卡在审批中',
    '报错500',
    '无法提交',
    '更新后丢失',
    '加载需要好几分钟',
  ],
};
const OPENERS: Record<TraceLocale, string[]> = {
  en: ['Hello support,', 'Hi team,', 'Good morning,', 'Dear support,'],
  zh_CN: ['您好，', '客服您好，', '你好，', '麻烦看一下，'],
};

function seedFor(seed: number | string, id: string): number[] {
  // A small string hash into a few 32-bit words (FNV-1a variants).
  const text = `${seed}:${id}`;
  const words: number[] = [];
  for (let k = 0; k < 3; k++) {
    let h = (2166136261 ^ (k * 0x9e3779b9)) >>> 0;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
    words.push(h);
  }
  return words;
}

export class TicketText {
  private readonly faker: Faker;

  constructor(
    private readonly locale: TraceLocale,
    private readonly seed: number | string,
  ) {
    this.faker = new Faker({ locale: locale === 'zh_CN' ? [zh_CN, en, base] : [en, base] });
  }

  for(
    id: string,
    channel: string,
  ): { customer: { name: string; email: string; company: string }; subject: string; body: string } {
    const f = this.faker;
    f.seed(seedFor(this.seed, id));
    const first = f.person.firstName();
    const last = f.person.lastName();
    const name = this.locale === 'zh_CN' ? `${last}${first}` : `${first} ${last}`;
    const email = f.internet.email({
      firstName: f.string.alpha(6).toLowerCase(),
      lastName: id.toLowerCase(),
      provider: 'example.com',
    });
    const company = f.company.name();
    const object = f.helpers.arrayElement(OBJECTS[this.locale]);
    const problem = f.helpers.arrayElement(PROBLEMS[this.locale]);
    const subject =
      this.locale === 'zh_CN'
        ? `${object}${problem}`
        : `${object[0].toUpperCase()}${object.slice(1)} ${problem}`;
    const opener = f.helpers.arrayElement(OPENERS[this.locale]);
    const detail =
      this.locale === 'zh_CN'
        ? `我们公司（${company}）的${object}${problem}，影响了${f.number.int({ min: 2, max: 40 })}位同事。请尽快处理。（${channel}）`
        : `Our ${object} ${problem} since this morning; ${f.number.int({ min: 2, max: 40 })} colleagues at ${company} are affected. Could you have a look? (via ${channel})`;
    return {
      customer: { name, email, company },
      subject,
      body: `${opener}\n\n${detail}\n\n${name}`,
    };
  }
}
