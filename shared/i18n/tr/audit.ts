/** Katalog: audit (denetim kaydı: özet zinciri doğrulaması). */
export const audit = {
  checks: {
    audit_chain: { title: 'Denetim kaydı özet zinciri' },
  },
  chain: {
    broken_rec: 'Güvenlik olayı olarak ele alın: {{id}} numaralı kaydı ve öncekini inceleyin; kayıtları değiştirmeyin.',
    unknown_reason: 'bozulmanın nedeni bildirilmedi',
  },
  cli: {
    page: '({{shown, n}} / {{total, n}})',
    wrote: '{{rows, n}} kayıt {{file}} dosyasına yazıldı.',
  },
  verify: {
    intact: 'Denetim kaydının özet zinciri sağlam: {{count, n}} kayıt doğrulandı.',
    broken: 'Denetim kaydının özet zinciri {{id}} numaralı kayıtta bozuk: {{reason}} (öncesinde {{count, n}} kayıt doğrulandı).',
    head_missing: 'zincir başı (audit_chain_head) kaydı yok',
    link_broken: 'önceki kayıt değiştirilmiş, silinmiş ya da bu kayıttan önce araya kayıt eklenmiş',
    row_edited: 'bu kayıt yazıldıktan sonra değiştirilmiş',
    tail_deleted: '{{last}} numaralı kayıttan sonraki kayıtlar silinmiş (zincir başı {{expected}} numarayı bekliyor)',
  },
};
