"""Collecting ads: the Scrapy crawler, run one process per crawl, and the ad file format."""
